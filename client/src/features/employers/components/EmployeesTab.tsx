import { useState } from 'react'
import { useNavigate } from 'react-router'
import { useTranslation } from 'react-i18next'
import { useQueryClient } from '@tanstack/react-query'
import { ZEmployerRole, type EmployeeDto, type EmployerDto, type EmployerRole } from '@fabrique/shared/employers/schema'
import { ErrorState, Loading } from '../../../components/Feedback.tsx'
import { FormAlert, StatusMessage } from '../../../components/FormAlert.tsx'
import { isApiError } from '../../../lib/api.ts'
import { formatInstant, formatLocalDate } from '../../../lib/datetime.ts'
import { formatEuros } from '../../billing/format.ts'
import { meKey, useMe } from '../../auth/hooks.ts'
import { employersApi } from '../api.ts'
import { useEmployees, useEmployerWrite, usePools } from '../hooks.ts'
import { allocationInWords } from '../format.ts'
import { AllocationDialog } from './AllocationDialog.tsx'
import { InviteEmployeeForm } from './InviteEmployeeForm.tsx'

/** The employees (allocation, this month's use), pending invitations, and inviting someone. */
export function EmployeesTab({ employer }: { employer: EmployerDto }) {
  const { t, i18n } = useTranslation()
  const me = useMe()
  const people = useEmployees(employer.id)
  const pools = usePools(employer.id)
  const [editing, setEditing] = useState<EmployeeDto | null>(null)
  const qc = useQueryClient()
  const navigate = useNavigate()
  const changeRole = useEmployerWrite(employer.id, (v: { userId: string; role: EmployerRole }) =>
    employersApi.changeRole(employer.id, v.userId, v.role),
  )
  const remove = useEmployerWrite(employer.id, (userId: string) => employersApi.removeEmployee(employer.id, userId))
  const revoke = useEmployerWrite(employer.id, (invitationId: string) => employersApi.revokeInvitation(employer.id, invitationId))

  if (people.isPending) return <Loading />
  if (people.isError) return <ErrorState error={people.error} onRetry={() => void people.refetch()} />
  const { employees, invitations } = people.data
  // The lieux an allocation may name: where the pools are valid (and any already named).
  const lieux = new Map<string, string>()
  for (const p of pools.data ?? []) for (const l of p.validAt) lieux.set(l.id, l.name)
  const lieuName = (id: string) => lieux.get(id)
  const peopleError = remove.error ?? changeRole.error
  const lastAdmin = isApiError(peopleError, 'last_owner')

  return (
    <div className="stack-lg">
      <section aria-labelledby="employees-title">
        <h3 id="employees-title">{t('employers.people.title', { count: employees.length })}</h3>
        <FormAlert error={lastAdmin ? null : peopleError} />
        {lastAdmin && (
          <p className="alert alert-error" role="alert">
            {t('employers.people.lastAdmin')}
          </p>
        )}
        <StatusMessage>{(remove.isSuccess || changeRole.isSuccess) && t('common.saved')}</StatusMessage>
        <ul className="member-list employee-list">
          {employees.map((m) => {
            const isMe = m.userId === me.data?.id
            const words = allocationInWords(m.allocation, t, { locale: i18n.language, lieuName })
            return (
              <li key={m.userId}>
                <div className="member-who employee-who">
                  <strong>
                    {m.name}
                    {isMe && <span className="muted"> ({t('manage.team.you')})</span>}
                  </strong>
                  <span className="muted small">{m.email}</span>
                  <span className="small">{words.join(' · ')}</span>
                  <span className="small">
                    <UsedThisMonth employee={m} />
                  </span>
                  <span className="muted small">
                    {t('employers.people.since', { date: formatLocalDate(m.since.slice(0, 10), i18n.language) })}
                  </span>
                </div>
                <div className="member-actions">
                  <label className="visually-hidden" htmlFor={`employer-role-${m.userId}`}>
                    {t('manage.team.roleOf', { name: m.name })}
                  </label>
                  <select
                    id={`employer-role-${m.userId}`}
                    value={m.role}
                    disabled={changeRole.isPending}
                    onChange={(e) => changeRole.mutate({ userId: m.userId, role: e.target.value as EmployerRole })}
                  >
                    {ZEmployerRole.options.map((r) => (
                      <option key={r} value={r}>
                        {t(`employerRoles.${r}`)}
                      </option>
                    ))}
                  </select>
                  <button type="button" className="button button-small button-secondary" onClick={() => setEditing(m)}>
                    {t('employers.people.editAllocation')}
                    <span className="visually-hidden"> {m.name}</span>
                  </button>
                  <button
                    type="button"
                    className="button button-small button-ghost"
                    disabled={remove.isPending}
                    onClick={() => {
                      const q = isMe
                        ? t('employers.people.confirmLeave', { employer: employer.name })
                        : t('employers.people.confirmRemove', { name: m.name })
                      if (!window.confirm(q)) return
                      remove.mutate(m.userId, {
                        // An admin who leaves no longer sees this dashboard.
                        onSuccess: () => {
                          if (!isMe) return
                          void qc.invalidateQueries({ queryKey: meKey })
                          navigate('/employeur')
                        },
                      })
                    }}
                  >
                    {isMe ? t('employers.people.leave') : t('common.remove')}
                    <span className="visually-hidden"> {m.name}</span>
                  </button>
                </div>
              </li>
            )
          })}
        </ul>
      </section>

      <section aria-labelledby="employer-invitations-title">
        <h3 id="employer-invitations-title">{t('employers.people.pending')}</h3>
        <FormAlert error={revoke.error} />
        {invitations.length === 0 ? (
          <p className="muted">{t('employers.people.noPending')}</p>
        ) : (
          <ul className="member-list">
            {invitations.map((inv) => (
              <li key={inv.id}>
                <div className="member-who">
                  <strong>{inv.email}</strong>
                  <span className="muted small">
                    {t(`employerRoles.${inv.role}`)} ·{' '}
                    {t('manage.team.expires', { date: formatInstant(inv.expiresAt, i18n.language) })}
                  </span>
                </div>
                <button
                  type="button"
                  className="button button-small button-ghost"
                  disabled={revoke.isPending}
                  onClick={() => revoke.mutate(inv.id)}
                >
                  {t('manage.team.revoke')}
                  <span className="visually-hidden"> {inv.email}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <InviteEmployeeForm employerId={employer.id} />

      {editing && (
        <AllocationDialog
          employerId={employer.id}
          employee={editing}
          lieux={[...lieux].map(([id, name]) => ({ id, name }))}
          onClose={() => setEditing(null)}
        />
      )}
    </div>
  )
}

/** "Ce mois-ci : 2 jours sur 8 (30,00 € HT)". */
function UsedThisMonth({ employee: m }: { employee: EmployeeDto }) {
  const { t, i18n } = useTranslation()
  const value = formatEuros(m.usedThisMonth.valueExclCents, i18n.language)
  const a = m.allocation
  if (a.budgetKind === 'days' && a.budgetPeriod === 'month')
    return <>{t('employers.people.usedOfDays', { count: m.usedThisMonth.days, budget: a.budgetAmount, value })}</>
  if (a.budgetKind === 'euros' && a.budgetPeriod === 'month')
    return <>{t('employers.people.usedOfEuros', { count: m.usedThisMonth.days, value, budget: formatEuros(a.budgetAmount, i18n.language) })}</>
  return <>{t('employers.people.used', { count: m.usedThisMonth.days, value })}</>
}
