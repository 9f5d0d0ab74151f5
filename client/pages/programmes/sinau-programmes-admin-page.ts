import { LitElement, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { listUnits, type Unit } from '../../api/org.ts';
import { listProgrammes, type Programme, type ProgrammeSummary } from '../../api/programmes.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatNumber, LocaleController, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { SessionController } from '../../session.ts';
import { unitsInScope } from '../admin/unit-tree.ts';
import { programmeStyles } from './programme-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-programme-form.ts';

/** Admin: the programmes I manage, and the form to create one. */
@customElement('sinau-programmes-admin-page')
export class SinauProgrammesAdminPage extends LitElement {
  static override styles = programmeStyles;

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly programmes = new LoadController<ProgrammeSummary[]>(this, (signal) => listProgrammes(signal));
  private readonly units = new LoadController<Unit[]>(this, (signal) => listUnits(signal));

  private onCreated(event: CustomEvent<Programme>): void {
    router.navigate(`/admin/programmes/${event.detail.id}`);
  }

  private renderList() {
    if (this.programmes.error) return html`<sinau-alert variant="error">${describeError(this.programmes.error)}</sinau-alert>`;
    const list = this.programmes.value;
    if (!list) return html`<sinau-loading .label=${t('programmes.loading')}></sinau-loading>`;
    if (!list.length) return html`<p class="muted">${t('programmes.admin.empty')}</p>`;
    return html`<div class="table-scroll" role="region" aria-labelledby="programmes-caption" tabindex="0">
      <table class="cards" role="table" data-testid="programmes-table">
        <caption id="programmes-caption">${t('programmes.admin.caption')}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">${t('programmes.admin.programme')}</th>
            <th role="columnheader" scope="col">${t('programmes.admin.office')}</th>
            <th role="columnheader" scope="col">${t('common.status')}</th>
            <th role="columnheader" scope="col" class="num">${t('programmes.admin.jp')}</th>
            <th role="columnheader" scope="col" class="num">${t('programmes.steps')}</th>
            <th role="columnheader" scope="col" class="num">${t('programmes.cohorts.heading')}</th>
            <th role="columnheader" scope="col" class="num">${t('programmes.admin.participants')}</th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          ${list.map(
            (p) => html`<tr role="row">
              <td role="cell" data-label=${t('programmes.admin.programme')}><a href=${`/admin/programmes/${p.id}`}>${p.title}</a></td>
              <td role="cell" data-label=${t('programmes.admin.office')}>${p.unit?.name ?? '—'}</td>
              <td role="cell" data-label=${t('common.status')}>${t(`programmes.programmeStatus.${p.status}`)}</td>
              <td role="cell" class="num" data-label=${t('programmes.admin.jp')}>${formatNumber(p.jp)}</td>
              <td role="cell" class="num" data-label=${t('programmes.steps')}>${formatNumber(p.stepCount)}</td>
              <td role="cell" class="num" data-label=${t('programmes.cohorts.heading')}>${formatNumber(p.cohortCount)}</td>
              <td role="cell" class="num" data-label=${t('programmes.admin.participants')}>${formatNumber(p.participantCount)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  override render() {
    const units = unitsInScope(this.units.value ?? [], this.session.me?.adminScope ?? null);
    return html`<h1>${t('programmes.admin.title')}</h1>
      <p class="lead">${t('programmes.admin.intro')}</p>
      <section aria-labelledby="list-heading">
        <h2 id="list-heading" class="visually-hidden">${t('programmes.admin.caption')}</h2>
        ${this.renderList()}
      </section>
      <section aria-labelledby="form-heading">
        <h2 id="form-heading">${t('programmes.form.heading')}</h2>
        ${this.units.error ? html`<sinau-alert variant="error">${describeError(this.units.error)}</sinau-alert>` : null}
        <sinau-programme-form .units=${units} @sinau-programme-created=${this.onCreated}></sinau-programme-form>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-programmes-admin-page': SinauProgrammesAdminPage;
  }
}
