import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Me } from '../../api/auth.ts';
import { listPeople, listPositions, listUnits } from '../../api/org.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatList, formatNumber, LocaleController, t, type MessageKey } from '../../i18n.ts';
import { homeSectionStyles } from './home-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';

interface Counts {
  units: number;
  positions: number;
  people: number;
}

/** Admin's home section: how many offices, positions and people are recorded, and the admin pages. */
@customElement('sinau-home-admin')
export class SinauHomeAdmin extends LitElement {
  static override styles = [
    homeSectionStyles,
    css`
      .stats {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 11rem), 1fr));
        gap: var(--sinau-space-3);
        list-style: none;
        padding: 0;
        margin: 0 0 var(--sinau-space-4);
      }
      .stat {
        display: block;
        padding: var(--sinau-space-3) var(--sinau-space-4);
        border: 1px solid var(--sinau-color-border);
        border-radius: var(--sinau-radius);
        background: var(--sinau-color-primary-soft);
        color: var(--sinau-color-text);
        text-decoration: none;
      }
      .stat:hover {
        border-color: var(--sinau-color-primary);
      }
      .stat .number {
        display: block;
        font-size: 2rem;
        font-weight: 800;
        color: var(--sinau-color-primary);
        line-height: 1.2;
      }
      .links {
        padding-left: 1.25rem;
        margin: 0;
      }
      .links li + li {
        margin-top: var(--sinau-space-2);
      }
    `,
  ];

  /** The signed-in person. */
  @property({ attribute: false }) me: Me | null = null;

  private readonly locale = new LocaleController(this);
  private readonly counts = new LoadController<Counts>(this, async (signal) => {
    const [units, positions, people] = await Promise.all([listUnits(signal), listPositions(null, signal), listPeople({ limit: 1 }, signal)]);
    return { units: units.length, positions: positions.length, people: people.total };
  });

  private renderStat(href: string, value: number, labelKey: MessageKey) {
    return html`<li>
      <a class="stat" href=${href}><span class="number">${formatNumber(value)}</span> ${t(labelKey)}</a>
    </li>`;
  }

  private renderCounts() {
    if (this.counts.error) return html`<sinau-alert variant="error">${describeError(this.counts.error)}</sinau-alert>`;
    const counts = this.counts.value;
    if (!counts) return html`<sinau-loading></sinau-loading>`;
    return html`<ul class="stats" aria-label=${t('home.admin.countsLabel')}>
      ${this.renderStat('/admin/units', counts.units, 'home.admin.units')}
      ${this.renderStat('/admin/positions', counts.positions, 'home.admin.positions')}
      ${this.renderStat('/admin/people', counts.people, 'home.admin.people')}
    </ul>`;
  }

  override render() {
    const scope = this.me?.adminScope;
    return html`<section aria-labelledby="admin-heading">
      <h2 id="admin-heading" data-testid="home-admin">${t('home.admin.heading')}</h2>
      <p>
        ${scope && scope.length
          ? t('home.admin.scoped', { units: formatList(scope.map((unit) => unit.name)) })
          : t('home.admin.cityWide')}
      </p>
      ${this.renderCounts()}
      <h3>${t('home.admin.nextHeading')}</h3>
      <ul class="links">
        <li><a href="/admin/import">${t('home.admin.importLink')}</a></li>
        <li><a href="/admin/people">${t('home.admin.peopleLink')}</a></li>
        <li><a href="/admin/units">${t('home.admin.unitsLink')}</a></li>
        <li><a href="/admin/positions">${t('home.admin.positionsLink')}</a></li>
        <li><a href="/admin/competencies">${t('competencyAdmin.home.competenciesLink')}</a></li>
        <li><a href="/admin/reports">${t('competencyAdmin.home.reportsLink')}</a></li>
        <li><a href="/admin/certificates">${t('competencyAdmin.home.certificatesLink')}</a></li>
        <li><a href="/admin/satisfaction">${t('satisfaction.title')}</a></li>
      </ul>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-home-admin': SinauHomeAdmin;
  }
}
