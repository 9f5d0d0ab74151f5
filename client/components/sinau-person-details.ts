import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { PersonRef, PositionRef, Role, UnitRef } from '../api/org.ts';
import { formatList, LocaleController, t } from '../i18n.ts';
import { baseStyles } from '../styles/shared-styles.ts';

/** The fields of Me and Person this element shows. */
export interface PersonDetailsData {
  name: string;
  nip: string | null;
  username?: string | null;
  email: string | null;
  unit: UnitRef | null;
  position: PositionRef | null;
  supervisor: PersonRef | null;
  roles?: Role[];
}

/** A person's staff record as a definition list: NIP, office, position, supervisor… */
@customElement('sinau-person-details')
export class SinauPersonDetails extends LitElement {
  static override styles = baseStyles;

  /** The person to show. */
  @property({ attribute: false }) person: PersonDetailsData | null = null;

  /** Also show username, e-mail and roles (the profile page). */
  @property({ type: Boolean }) full = false;

  private readonly locale = new LocaleController(this);

  override render() {
    const person = this.person;
    if (!person) return null;
    const missing = html`<span class="muted">${t('common.notRecorded')}</span>`;
    return html`<dl class="details">
      ${this.full ? html`<dt>${t('person.name')}</dt><dd>${person.name}</dd>` : null}
      <dt>${t('person.nip')}</dt>
      <dd>${person.nip ?? missing}</dd>
      ${this.full
        ? html`<dt>${t('person.username')}</dt>
            <dd>${person.username ?? missing}</dd>
            <dt>${t('person.email')}</dt>
            <dd>${person.email ?? missing}</dd>`
        : null}
      <dt>${t('person.unit')}</dt>
      <dd>${person.unit ? person.unit.name : missing}</dd>
      <dt>${t('person.position')}</dt>
      <dd>${person.position ? html`${person.position.name} <span class="muted">(${t(`tiers.${person.position.tier}`)})</span>` : missing}</dd>
      <dt>${t('person.supervisor')}</dt>
      <dd>
        ${person.supervisor
          ? html`${person.supervisor.name}${person.supervisor.nip ? html` <span class="muted">(${t('person.nip')} ${person.supervisor.nip})</span>` : null}`
          : missing}
      </dd>
      ${this.full && person.roles
        ? html`<dt>${t('person.roles')}</dt>
            <dd>${person.roles.length ? formatList(person.roles.map((role) => t(`roles.${role}`))) : missing}</dd>`
        : null}
    </dl>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-person-details': SinauPersonDetails;
  }
}
