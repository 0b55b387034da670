// The employer area's strings (and the booking price line's) stay out of the first download: the
// pages that use them import this module, which adds them to i18next before they render.
import i18n from '../../lib/i18n.ts'
import { frEmployers } from '../../lib/locales/fr-employers.ts'
import { enEmployers } from '../../lib/locales/en-employers.ts'

i18n.addResourceBundle('fr', 'translation', frEmployers, true, false)
i18n.addResourceBundle('en', 'translation', enEmployers, true, false)
