import type { FieldValues, Resolver } from 'react-hook-form'

/**
 * Runs a schema resolver on a transformed copy of the form values. Inputs hold strings; the shared
 * schemas want `null` for "none" (`siret: null`), so blank optional inputs are mapped first. Field
 * paths stay the same, so errors still land on the right inputs.
 */
export function mapResolver<TForm extends FieldValues, TOut>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  resolver: Resolver<any, any, TOut>,
  map: (values: TForm) => unknown,
): Resolver<TForm, unknown, TOut> {
  const mapped: Resolver<FieldValues, unknown, TOut> = (values, context, options) =>
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    resolver(map(values as TForm) as any, context, options as any)
  return mapped as unknown as Resolver<TForm, unknown, TOut>
}

/** "" or whitespace → null; anything else unchanged. */
export function blankToNull(value: string | null | undefined): string | null {
  return value == null || value.trim() === '' ? null : value
}
