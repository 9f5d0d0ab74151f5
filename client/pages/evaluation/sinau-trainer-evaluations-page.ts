import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { getTrainerOverview, type TrainerOverview } from '../../api/evaluation.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatNumber, LocaleController, t } from '../../i18n.ts';
import { SessionController } from '../../session.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';

const num = (value: number | null) => (value === null ? t('evaluation.report.notAvailable') : formatNumber(value));

/** The evaluation of every course and webinar a trainer teaches (mine; admins choose a trainer with ?trainer=). */
@customElement('sinau-trainer-evaluations-page')
export class SinauTrainerEvaluationsPage extends LitElement {
  static override styles = pageStyles;

  /** The query string: trainer (a person id, for admins). */
  @property({ attribute: false }) query: URLSearchParams = new URLSearchParams();

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly overview = new LoadController<TrainerOverview>(this, (signal) =>
    getTrainerOverview(Number(this.query.get('trainer')) || this.session.me!.id, signal),
  );

  private renderTable(o: TrainerOverview) {
    if (!o.items.length) return html`<p class="muted">${t('evaluation.overview.empty')}</p>`;
    return html`<div class="table-scroll" role="region" aria-labelledby="overview-caption" tabindex="0">
      <table>
        <caption id="overview-caption">${t('evaluation.overview.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">${t('evaluation.overview.activity')}</th>
            <th scope="col">${t('evaluation.overview.kind')}</th>
            <th scope="col" class="num">${t('evaluation.overview.responses')}</th>
            <th scope="col" class="num">${t('evaluation.overview.overall')}</th>
            <th scope="col" class="num">${t('evaluation.overview.gain')}</th>
            <th scope="col" class="num">${t('evaluation.overview.applied')}</th>
          </tr>
        </thead>
        <tbody>
          ${o.items.map(
            (i) => html`<tr>
              <th scope="row"><a href=${`/evaluations/${i.activity.kind}/${i.activity.id}/report`}>${i.activity.title}</a></th>
              <td>${t(i.activity.kind === 'courses' ? 'evaluation.overview.courses' : 'evaluation.overview.webinars')}</td>
              <td class="num">${formatNumber(i.responses)} / ${formatNumber(i.eligible)}</td>
              <td class="num">${num(i.overall)}</td>
              <td class="num">${num(i.normalisedGain)}</td>
              <td class="num">${i.appliedPct === null ? t('evaluation.report.notAvailable') : t('evaluation.report.percent', { value: formatNumber(i.appliedPct) })}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  override render() {
    const o = this.overview.value;
    return html`<h1>${t('evaluation.overview.title')}${o && o.trainer.id !== this.session.me?.id ? `: ${o.trainer.name}` : ''}</h1>
      <p class="lead">${t('evaluation.overview.intro', { min: o?.minResponses ?? 3 })}</p>
      ${this.overview.error
        ? html`<sinau-alert variant="error">${describeError(this.overview.error)}</sinau-alert>`
        : o
          ? this.renderTable(o)
          : html`<sinau-loading></sinau-loading>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-trainer-evaluations-page': SinauTrainerEvaluationsPage;
  }
}
