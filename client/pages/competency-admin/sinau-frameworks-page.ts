import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { caseExportUrl, competencyKinds, listFrameworks, type Framework } from '../../api/competency-admin.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, formatNumber, LocaleController, t } from '../../i18n.ts';
import { SessionController } from '../../session.ts';
import { competencyAdminStyles } from './competency-admin-styles.ts';
import { isCityAdmin, kindLabel, readOnlyNote } from './competency-admin-shared.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-case-import.ts';
import './sinau-competency-admin-nav.ts';

/**
 * The city's competency frameworks with their competencies by kind: open one to edit its
 * wording, download a framework as IMS CASE, import a CASE package.
 */
@customElement('sinau-frameworks-page')
export class SinauFrameworksPage extends LitElement {
  static override styles = competencyAdminStyles;

  /** Query of the address (unused; set by the router). */
  @property({ attribute: false }) query = new URLSearchParams();

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly frameworks = new LoadController<Framework[]>(this, (signal) => listFrameworks(signal));

  private renderFramework(framework: Framework, canEdit: boolean) {
    const headingId = `framework-${framework.id}`;
    return html`<section class="card" aria-labelledby=${headingId} data-testid="framework">
      <h2 id=${headingId}>${framework.title}</h2>
      <p class="meta">
        <span>${t('competencyAdmin.frameworks.version', { version: framework.version })}</span>
        <span>${t('competencyAdmin.frameworks.competencyCount', { count: framework.competencies.length })}</span>
        <span>${t(`competencyAdmin.frameworks.sources.${framework.source === 'file' || framework.source === 'case' ? framework.source : 'app'}`)}</span>
        <span>${t('competencyAdmin.frameworks.updated', { date: formatDate(framework.updatedAt) })}</span>
      </p>
      ${framework.publisher ? html`<p class="muted">${framework.publisher}</p>` : null}
      <div class="downloads">
        <a class="button secondary" href=${caseExportUrl(framework.id)} download>
          ${t('competencyAdmin.frameworks.exportCase')}<span class="visually-hidden"> ${framework.title}</span>
        </a>
      </div>
      ${competencyKinds.map((kind) => {
        const list = framework.competencies.filter((c) => c.kind === kind);
        if (!list.length) return null;
        const captionId = `caption-${framework.id}-${kind}`;
        return html`<div class="table-scroll" role="region" aria-labelledby=${captionId} tabindex="0">
          <table class="cards" role="table">
            <caption id=${captionId}>${kindLabel(kind)} (${formatNumber(list.length)})</caption>
            <thead role="rowgroup">
              <tr role="row">
                <th role="columnheader" scope="col">${t('competencyAdmin.frameworks.code')}</th>
                <th role="columnheader" scope="col">${t('competencyAdmin.frameworks.name')}</th>
                <th role="columnheader" scope="col" class="num">${t('competencyAdmin.frameworks.versionColumn')}</th>
                <th role="columnheader" scope="col"><span class="visually-hidden">${t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody role="rowgroup">
              ${list.map(
                (c) => html`<tr role="row">
                  <td role="cell" data-label=${t('competencyAdmin.frameworks.code')}><span class="code">${c.code}</span></td>
                  <td role="cell" data-label=${t('competencyAdmin.frameworks.name')}>${c.name}</td>
                  <td role="cell" data-label=${t('competencyAdmin.frameworks.versionColumn')} class="num">${formatNumber(c.version)}</td>
                  <td role="cell" data-label=${t('common.actions')}>
                    <a href=${`/admin/competencies/${c.id}`}>
                      ${canEdit ? t('common.edit') : t('competencyAdmin.frameworks.view')}<span class="visually-hidden"> ${c.code} ${c.name}</span>
                    </a>
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>`;
      })}
    </section>`;
  }

  private renderList() {
    if (this.frameworks.error) return html`<sinau-alert variant="error">${describeError(this.frameworks.error)}</sinau-alert>`;
    const frameworks = this.frameworks.value;
    if (!frameworks) return html`<sinau-loading></sinau-loading>`;
    if (!frameworks.length) return html`<p class="empty">${t('competencyAdmin.frameworks.empty')}</p>`;
    const canEdit = isCityAdmin(this.session.me);
    return frameworks.map((framework) => this.renderFramework(framework, canEdit));
  }

  override render() {
    const me = this.session.me;
    return html`<sinau-competency-admin-nav current="/admin/competencies"></sinau-competency-admin-nav>
      <h1>${t('competencyAdmin.frameworks.title')}</h1>
      <p class="lead">${t('competencyAdmin.frameworks.intro')}</p>
      ${readOnlyNote(me)} ${this.renderList()}
      ${isCityAdmin(me) && this.frameworks.value
        ? html`<sinau-case-import .frameworks=${this.frameworks.value} @sinau-frameworks-change=${() => void this.frameworks.run()}></sinau-case-import>`
        : null}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-frameworks-page': SinauFrameworksPage;
  }
}
