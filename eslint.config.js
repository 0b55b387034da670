// ESLint flat config for the whole workspace (`pnpm lint` = `eslint .` at the root).
// Pragmatic on purpose: typescript-eslint's recommended set without type-aware rules (fast, no
// tsconfig wiring), React hooks rules for the client. `pnpm -r typecheck` covers the types.
import js from '@eslint/js'
import globals from 'globals'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'prisma/generated/**',
      '.tools/**',
      '**/.data/**',
      '**/coverage/**',
      'e2e/test-results/**',
      'e2e/playwright-report/**',
      '.test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names are deliberately unused (destructuring a field away, unused callback args).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    files: ['client/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    ...reactHooks.configs.flat.recommended,
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      // A warning, not an error: resetting UI state (e.g. closing the phone menu) in an effect keyed
      // on the route is deliberate and harmless (one extra render per navigation).
      'react-hooks/set-state-in-effect': 'warn',
    },
  },
  {
    // Glue to the schema engine's WASM bindings and driver adapters, which ship no usable types.
    files: ['prisma/tools/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Plain Node scripts (the bootstrapper runs on old Node versions too).
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
)
