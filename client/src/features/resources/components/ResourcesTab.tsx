import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { LieuDto } from '@fabrique/shared/lieux/schema'
import {
  ZCreateResourceRequest,
  ZUpdateResourceRequest,
  type ResourceDto,
  type ResourceKind,
} from '@fabrique/shared/resources/schema'
import { ErrorState, Loading, SubmitButton } from '../../../components/Feedback.tsx'
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../../components/Field.tsx'
import { FormAlert, StatusMessage } from '../../../components/FormAlert.tsx'
import { useTeam } from '../../team/hooks.ts'
import { CalendarFeed } from '../../bookings/components/CalendarFeed.tsx'
import { resourcesApi } from '../api.ts'
import { resourcesKey, useHabilitations, useLieuRules, useResources } from '../hooks.ts'
import { rulesToValues, valuesToRules, type RuleValues } from '../rulesForm.ts'
import { RuleFields, issuesByField } from './RuleFields.tsx'

const KINDS: readonly ResourceKind[] = ['desk', 'room', 'machine', 'zone']

/** The lieu's desks, rooms, machines and zones: list, create, edit, archive. */
export function ResourcesTab({ lieu }: { lieu: LieuDto }) {
  const { t } = useTranslation()
  const qc = useQueryClient()
  const resources = useResources(lieu.id, true)
  const [editing, setEditing] = useState<ResourceDto | 'new' | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const archive = useMutation({
    mutationFn: (r: ResourceDto) => resourcesApi.update(lieu.id, r.id, { archived: !r.archived }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: resourcesKey(lieu.id) })
      void qc.invalidateQueries({ queryKey: ['bookings'] })
      setStatus(t(r.archived ? 'resources.archivedDone' : 'resources.unarchivedDone', { name: r.name }))
    },
  })
  if (resources.isPending) return <Loading />
  if (resources.isError) return <ErrorState error={resources.error} onRetry={() => void resources.refetch()} />
  const list = resources.data

  return (
    <div className="stack-lg">
      <div className="section-head">
        <p className="muted">{t('resources.lead')}</p>
        {editing === null && (
          <button type="button" className="button" onClick={() => setEditing('new')}>
            {t('resources.add')}
          </button>
        )}
      </div>
      <StatusMessage>{status}</StatusMessage>
      <FormAlert error={archive.error} />
      {editing !== null && (
        <ResourceForm
          key={editing === 'new' ? 'new' : editing.id}
          lieu={lieu}
          resource={editing === 'new' ? null : editing}
          onDone={(r) => {
            setEditing(null)
            if (r) setStatus(t('resources.saved', { name: r.name }))
          }}
        />
      )}
      {list.length === 0 ? (
        <p className="muted">{t('resources.none')}</p>
      ) : (
        KINDS.map((kind) => {
          const ofKind = list.filter((r) => r.kind === kind)
          if (ofKind.length === 0) return null
          return (
            <section key={kind} aria-labelledby={`kind-${kind}`}>
              <h3 id={`kind-${kind}`}>{t(`bookings.kinds.${kind}`)}</h3>
              <ul className="member-list resource-list">
                {ofKind.map((r) => (
                  <li key={r.id} className={r.archived ? 'archived' : undefined}>
                    <div className="member-who">
                      <strong>
                        {r.name} {r.archived && <span className="role-tag">{t('resources.archived')}</span>}
                      </strong>
                      <span className="small muted">{describe(r, t)}</span>
                    </div>
                    <div className="member-actions">
                      <button type="button" className="button button-secondary button-small" onClick={() => setEditing(r)}>
                        {t('resources.edit')}
                        <span className="visually-hidden"> {r.name}</span>
                      </button>
                      <button
                        type="button"
                        className="button button-ghost button-small"
                        disabled={archive.isPending}
                        onClick={() => {
                          if (r.archived || window.confirm(t('resources.confirmArchive', { name: r.name }))) archive.mutate(r)
                        }}
                      >
                        {r.archived ? t('resources.unarchive') : t('resources.archive')}
                        <span className="visually-hidden"> {r.name}</span>
                      </button>
                      {!r.archived && <CalendarFeed scope={{ kind: 'resource', lieuId: lieu.id, resourceId: r.id }} label={t('bookings.feed.resource')} />}
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          )
        })
      )}
    </div>
  )
}

function describe(r: ResourceDto, t: TFunction): string {
  const parts: string[] = []
  if (r.kind === 'room' || r.kind === 'zone') parts.push(t('bookings.grid.capacity', { count: r.capacity }))
  if (r.habilitation) parts.push(t('resources.needs', { name: r.habilitation.name }))
  if (r.requiresReferent) parts.push(t('resources.withReferent'))
  if (r.effectiveRules.approvalRequired) parts.push(t('resources.approval'))
  if (r.dedicatedToId) parts.push(t('resources.dedicated'))
  if (r.amenities.length) parts.push(r.amenities.join(', '))
  return parts.join(' · ')
}

interface FormState {
  kind: ResourceKind
  name: string
  description: string
  capacity: string
  amenities: string
  photoUrl: string
  dedicatedToId: string
  habilitationId: string
  requiresReferent: boolean
  rules: RuleValues
}

function ResourceForm({ lieu, resource, onDone }: { lieu: LieuDto; resource: ResourceDto | null; onDone: (r: ResourceDto | null) => void }) {
  const { t } = useTranslation()
  const qc = useQueryClient()
  const team = useTeam(lieu.id)
  const habilitations = useHabilitations(lieu.id)
  const lieuRules = useLieuRules(lieu.id)
  const [f, setF] = useState<FormState>(() => ({
    kind: resource?.kind ?? 'desk',
    name: resource?.name ?? '',
    description: resource?.description ?? '',
    capacity: String(resource?.capacity ?? 1),
    amenities: resource?.amenities.join(', ') ?? '',
    photoUrl: resource?.photoUrl ?? '',
    dedicatedToId: resource?.dedicatedToId ?? '',
    habilitationId: resource?.habilitation?.id ?? '',
    requiresReferent: resource?.requiresReferent ?? false,
    rules: rulesToValues(resource?.rules ?? {}),
  }))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setF((s) => ({ ...s, [k]: v }))
  const single = f.kind === 'desk' || f.kind === 'machine'
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      resource ? resourcesApi.update(lieu.id, resource.id, body) : resourcesApi.create(lieu.id, body as never),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: resourcesKey(lieu.id) })
      void qc.invalidateQueries({ queryKey: ['bookings'] })
      onDone(r)
    },
  })
  const submit = () => {
    const body = {
      ...(resource ? {} : { kind: f.kind }),
      name: f.name,
      description: f.description,
      capacity: single ? 1 : Number(f.capacity) || 1,
      amenities: f.amenities.split(',').map((a) => a.trim()).filter(Boolean),
      photoUrl: f.photoUrl.trim() || null,
      dedicatedToId: f.kind === 'desk' && f.dedicatedToId ? f.dedicatedToId : null,
      habilitationId: f.habilitationId || null,
      requiresReferent: f.habilitationId ? f.requiresReferent : false,
      rules: valuesToRules(f.rules, 'override'),
    }
    const parsed = (resource ? ZUpdateResourceRequest : ZCreateResourceRequest).safeParse(body)
    if (!parsed.success) {
      const byField = issuesByField(parsed.error.issues)
      setErrors(byField)
      return
    }
    setErrors({})
    save.mutate(body)
  }
  const ruleErrors = Object.fromEntries(
    Object.entries(errors)
      .filter(([k]) => k.startsWith('rules.'))
      .map(([k, v]) => [k.slice(6), v]),
  )
  const err = (k: string) => (errors[k] ? { message: errors[k] } : undefined)
  return (
    <form
      className="form card"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        submit()
      }}
    >
      <h3>{resource ? t('resources.editTitle', { name: resource.name }) : t('resources.add')}</h3>
      <FormAlert error={save.error} fieldNames={['name', 'capacity', 'photoUrl', 'amenities', 'dedicatedToId', 'habilitationId', 'requiresReferent']} />
      {!resource && (
        <SelectField label={t('resources.kind')} value={f.kind} onChange={(e) => set('kind', e.target.value as ResourceKind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`resources.kinds.${k}`)}
            </option>
          ))}
        </SelectField>
      )}
      <div className="form-row">
        <TextField label={t('fields.name')} value={f.name} error={err('name')} onChange={(e) => set('name', e.target.value)} />
        {!single && (
          <TextField
            label={f.kind === 'zone' ? t('resources.seats') : t('resources.capacity')}
            type="number"
            inputMode="numeric"
            min={1}
            max={1000}
            value={f.capacity}
            error={err('capacity')}
            onChange={(e) => set('capacity', e.target.value)}
          />
        )}
      </div>
      <TextAreaField label={t('fields.description')} rows={2} value={f.description} onChange={(e) => set('description', e.target.value)} />
      <div className="form-row">
        <TextField label={t('resources.amenities')} hint={t('resources.amenitiesHint')} value={f.amenities} error={err('amenities')} onChange={(e) => set('amenities', e.target.value)} />
        <TextField label={t('resources.photoUrl')} type="url" placeholder="https://…" value={f.photoUrl} error={err('photoUrl')} onChange={(e) => set('photoUrl', e.target.value)} />
      </div>
      {f.kind === 'desk' && (
        <SelectField label={t('resources.dedicatedTo')} hint={t('resources.dedicatedHint')} value={f.dedicatedToId} error={err('dedicatedToId')} onChange={(e) => set('dedicatedToId', e.target.value)}>
          <option value="">{t('resources.hotDesk')}</option>
          {(team.data?.members ?? []).map((m) => (
            <option key={m.userId} value={m.userId}>
              {m.name}
            </option>
          ))}
        </SelectField>
      )}
      <div className="form-row">
        <SelectField label={t('resources.habilitation')} hint={t('resources.habilitationHint')} value={f.habilitationId} error={err('habilitationId')} onChange={(e) => set('habilitationId', e.target.value)}>
          <option value="">{t('resources.noHabilitation')}</option>
          {(habilitations.data ?? []).map((h) => (
            <option key={h.id} value={h.id}>
              {h.name}
            </option>
          ))}
        </SelectField>
        <CheckboxField
          label={t('resources.requiresReferent')}
          hint={t('resources.requiresReferentHint')}
          disabled={!f.habilitationId}
          checked={f.requiresReferent && Boolean(f.habilitationId)}
          error={err('requiresReferent')}
          onChange={(e) => set('requiresReferent', e.target.checked)}
        />
      </div>
      <details className="rule-overrides">
        <summary>{t('resources.overrides')}</summary>
        <p className="small muted">{t('resources.overridesLead')}</p>
        {lieuRules.data && <RuleFields values={f.rules} onChange={(v) => set('rules', v)} errors={ruleErrors} inherited={lieuRules.data} />}
      </details>
      <StatusMessage>{null}</StatusMessage>
      <p className="modal-actions">
        <button type="button" className="button button-secondary" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </button>
        <SubmitButton pending={save.isPending}>{resource ? t('common.save') : t('resources.create')}</SubmitButton>
      </p>
    </form>
  )
}
