import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  getPerson,
  listPositions,
  listUnits,
  roles,
  updatePerson,
  type Person,
  type PersonChanges,
  type PersonRef,
  type Position,
  type Role,
  type Unit,
} from '../../api/org.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { SessionController } from '../../session.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { unitOptions, unitsInScope } from './unit-tree.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-person-picker.ts';
import './sinau-temp-password-form.ts';

interface Draft {
  name: string;
  email: string;
  unitId: number | null;
  positionId: number | null;
  supervisor: PersonRef | null;
  roles: Role[];
  active: boolean;
}

function draftOf(person: Person): Draft {
  return {
    name: person.name,
    email: person.email ?? '',
    unitId: person.unit?.id ?? null,
    positionId: person.position?.id ?? null,
    supervisor: person.supervisor,
    roles: [...person.roles],
    active: person.active,
  };
}

function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}

/** One person: edit their record and roles, or set a temporary password. */
@customElement('sinau-person-page')
export class SinauPersonPage extends LitElement {
  static override styles = [
    pageStyles,
    css`
      .sections {
        display: grid;
        gap: var(--sinau-space-4);
      }
      .roles {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr));
        gap: 0 var(--sinau-space-4);
      }
      .back {
        display: inline-block;
        margin-bottom: var(--sinau-space-3);
      }
    `,
  ];

  /** Route parameters; `id` is the person's id. */
  @property({ attribute: false }) params: Record<string, string> = {};

  @state() private person: Person | null = null;
  @state() private draft: Draft | null = null;
  @state() private busy = false;
  @state() private error = '';
  @state() private notice = '';
  @state() private invalid: { name?: boolean; email?: boolean } = {};

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly loader = new LoadController<Person>(this, async (signal) => {
    const person = await getPerson(this.personId, signal);
    this.person = person;
    this.draft = draftOf(person);
    void this.positions.run();
    return person;
  });
  private readonly units = new LoadController<Unit[]>(this, (signal) => listUnits(signal));
  private readonly positions = new LoadController<Position[]>(
    this,
    (signal) => (this.draft?.unitId ? listPositions(this.draft.unitId, signal) : Promise.resolve([])),
    { auto: false },
  );

  private get personId(): number {
    return Number(this.params['id']);
  }

  private patchDraft(changes: Partial<Draft>): void {
    if (this.draft) this.draft = { ...this.draft, ...changes };
  }

  private onUnitChange(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    // A position belongs to one office: choosing another office clears it.
    this.patchDraft({ unitId: value ? Number(value) : null, positionId: null });
    void this.positions.run();
  }

  private toggleRole(role: Role, on: boolean): void {
    if (!this.draft) return;
    const next = on ? [...this.draft.roles, role] : this.draft.roles.filter((r) => r !== role);
    this.patchDraft({ roles: roles.filter((r) => next.includes(r)) });
  }

  private changes(person: Person, draft: Draft): PersonChanges {
    const changes: PersonChanges = {};
    const name = draft.name.trim();
    const email = draft.email.trim() || null;
    if (name !== person.name) changes.name = name;
    if (email !== person.email) changes.email = email;
    if (draft.unitId !== (person.unit?.id ?? null)) changes.unitId = draft.unitId;
    if (draft.positionId !== (person.position?.id ?? null)) changes.positionId = draft.positionId;
    if ((draft.supervisor?.id ?? null) !== (person.supervisor?.id ?? null)) changes.supervisorId = draft.supervisor?.id ?? null;
    if (!sameRoles(draft.roles, person.roles)) changes.roles = draft.roles;
    if (draft.active !== person.active) changes.active = draft.active;
    return changes;
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const person = this.person;
    const draft = this.draft;
    if (!person || !draft || this.busy) return;
    const email = draft.email.trim();
    this.invalid = { name: !draft.name.trim(), email: email !== '' && !/^[^\s@]+@[^\s@]+$/.test(email) };
    this.notice = '';
    if (this.invalid.name || this.invalid.email) {
      this.error = t('form.fixErrors');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const changes = this.changes(person, draft);
    if (Object.keys(changes).length === 0) {
      this.error = '';
      this.notice = t('person.noChanges');
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const saved = await updatePerson(person.id, changes);
      this.person = saved;
      this.draft = draftOf(saved);
      this.notice = t('person.saved', { name: saved.name });
      announce(this.notice);
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private renderForm(person: Person, draft: Draft) {
    const positions = this.positions.value ?? [];
    return html`<section class="card" aria-labelledby="record-heading">
      <h2 id="record-heading">${t('person.recordHeading')}</h2>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
      ${this.notice ? html`<sinau-alert variant="success">${this.notice}</sinau-alert>` : null}
      <form novalidate @submit=${this.onSubmit}>
        <dl class="details">
          <dt>${t('person.nip')}</dt>
          <dd>${person.nip ?? html`<span class="muted">${t('common.notRecorded')}</span>`}</dd>
          <dt>${t('person.username')}</dt>
          <dd>${person.username ?? html`<span class="muted">${t('common.notRecorded')}</span>`}</dd>
        </dl>
        <div class="form-grid">
          <div class="field">
            <label for="person-name">${t('person.name')}</label>
            <input
              id="person-name"
              .value=${draft.name}
              required
              autocomplete="off"
              aria-invalid=${this.invalid.name ? 'true' : 'false'}
              @input=${(e: Event) => this.patchDraft({ name: (e.target as HTMLInputElement).value })}
            />
          </div>
          <div class="field">
            <label for="person-email">${t('person.email')}</label>
            <input
              id="person-email"
              type="email"
              .value=${draft.email}
              autocomplete="off"
              spellcheck="false"
              aria-invalid=${this.invalid.email ? 'true' : 'false'}
              aria-describedby=${this.invalid.email ? 'person-email-error' : 'person-email-hint'}
              @input=${(e: Event) => this.patchDraft({ email: (e.target as HTMLInputElement).value })}
            />
            ${this.invalid.email
              ? html`<p class="field-error" id="person-email-error">${t('person.emailInvalid')}</p>`
              : html`<p class="hint" id="person-email-hint">${t('person.emailHint')}</p>`}
          </div>
          <div class="field">
            <label for="person-unit">${t('person.unit')}</label>
            <select id="person-unit" @change=${this.onUnitChange}>
              <option value="" .selected=${draft.unitId === null}>${t('person.noUnit')}</option>
              ${unitOptions(unitsInScope(this.units.value ?? [], this.session.me?.adminScope ?? null), draft.unitId)}
            </select>
          </div>
          <div class="field">
            <label for="person-position">${t('person.position')}</label>
            <select
              id="person-position"
              ?disabled=${draft.unitId === null}
              aria-describedby="person-position-hint"
              @change=${(e: Event) => {
                const value = (e.target as HTMLSelectElement).value;
                this.patchDraft({ positionId: value ? Number(value) : null });
              }}
            >
              <option value="" .selected=${draft.positionId === null}>${t('person.noPosition')}</option>
              ${positions.map(
                (position) =>
                  html`<option value=${String(position.id)} .selected=${position.id === draft.positionId}>
                    ${position.name} (${t(`tiers.${position.tier}`)})
                  </option>`,
              )}
            </select>
            <p class="hint" id="person-position-hint">
              ${this.positions.loading ? t('common.loading') : draft.unitId === null ? t('person.positionNeedsUnit') : t('person.positionHint')}
            </p>
          </div>
        </div>
        <sinau-person-picker
          .label=${t('person.supervisor')}
          .value=${draft.supervisor}
          .excludeId=${person.id}
          @sinau-person-change=${(e: CustomEvent<PersonRef | null>) => this.patchDraft({ supervisor: e.detail })}
        ></sinau-person-picker>
        <fieldset>
          <legend>${t('person.roles')}</legend>
          <div class="roles">
            ${roles.map(
              (role) => html`<label class="check">
                <input
                  type="checkbox"
                  .checked=${draft.roles.includes(role)}
                  @change=${(e: Event) => this.toggleRole(role, (e.target as HTMLInputElement).checked)}
                />
                ${t(`roles.${role}`)}
              </label>`,
            )}
          </div>
        </fieldset>
        <label class="check">
          <input type="checkbox" .checked=${draft.active} @change=${(e: Event) => this.patchDraft({ active: (e.target as HTMLInputElement).checked })} />
          ${t('person.activeLabel')}
        </label>
        <div class="actions">
          <button type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${this.busy ? t('common.saving') : t('common.save')}</button>
        </div>
      </form>
    </section>`;
  }

  override render() {
    const person = this.person;
    const draft = this.draft;
    return html`<a class="back" href="/admin/people">${t('person.back')}</a>
      <h1>${person ? person.name : t('person.title')}</h1>
      ${this.loader.error ? html`<sinau-alert variant="error">${describeError(this.loader.error)}</sinau-alert>` : null}
      ${this.loader.loading && !person ? html`<sinau-loading></sinau-loading>` : null}
      ${person && draft
        ? html`<div class="sections">
            ${this.renderForm(person, draft)}
            <section class="card" aria-labelledby="temp-password-heading">
              <h2 id="temp-password-heading">${t('tempPassword.heading')}</h2>
              <sinau-temp-password-form .personId=${person.id} .personName=${person.name}></sinau-temp-password-form>
            </section>
          </div>`
        : null}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-person-page': SinauPersonPage;
  }
}
