import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LocaleController, t, type MessageKey } from '../../i18n.ts';
import { baseStyles } from '../../styles/shared-styles.ts';

const links: { href: string; key: MessageKey }[] = [
  { href: '/admin/competencies', key: 'competencyAdmin.nav.frameworks' },
  { href: '/admin/competencies/standards', key: 'competencyAdmin.nav.standards' },
  { href: '/admin/competencies/settings', key: 'competencyAdmin.nav.settings' },
  { href: '/admin/reports', key: 'competencyAdmin.nav.reports' },
  { href: '/admin/certificates', key: 'competencyAdmin.nav.certificates' },
  { href: '/admin/campaigns', key: 'campaigns.nav' },
];

/** The links between the competency administration pages, the current one marked. */
@customElement('sinau-competency-admin-nav')
export class SinauCompetencyAdminNav extends LitElement {
  static override styles = [
    baseStyles,
    css`
      ul {
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-1) var(--sinau-space-2);
        list-style: none;
        margin: 0 0 var(--sinau-space-4);
        padding: 0 0 var(--sinau-space-2);
        border-bottom: 1px solid var(--sinau-color-border);
      }
      a {
        display: inline-flex;
        align-items: center;
        min-height: 2.75rem;
        padding: 0 var(--sinau-space-3);
        border-radius: var(--sinau-radius);
        text-decoration: none;
        font-weight: 600;
      }
      a:hover {
        background: var(--sinau-color-primary-soft);
      }
      a[aria-current='page'] {
        background: var(--sinau-color-primary);
        color: var(--sinau-color-on-primary);
      }
    `,
  ];

  /** The address of the page it sits on. */
  @property() current = '';

  private readonly locale = new LocaleController(this);

  override render() {
    return html`<nav aria-label=${t('competencyAdmin.nav.label')}>
      <ul>
        ${links.map(
          (link) => html`<li><a href=${link.href} aria-current=${link.href === this.current ? 'page' : 'false'}>${t(link.key)}</a></li>`,
        )}
      </ul>
    </nav>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-competency-admin-nav': SinauCompetencyAdminNav;
  }
}
