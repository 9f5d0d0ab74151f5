import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { getCompetencySettings, trainingNeedsDownloadUrl, type CompetencySettings, type TrainingNeed } from '../../api/competency-admin.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { formatNumber, LocaleController, t } from '../../i18n.ts';
import { competencyAdminStyles } from './competency-admin-styles.ts';
import { kindLabel } from './competency-admin-shared.ts';
import '../../components/sinau-alert.ts';

/**
 * The training-needs analysis of the admin reports: how the priority is computed (with the
 * weights in force), the ranked competencies with every part of their score, what exists or is
 * proposed, the people affected, and the PDF and CSV downloads.
 */
@customElement('sinau-training-needs')
export class SinauTrainingNeeds extends LitElement {
  static override styles = competencyAdminStyles;

  /** The ranked needs, as GET /api/reports/training-needs returns them. */
  @property({ attribute: false }) needs: TrainingNeed[] = [];
  /** The office the needs are for (null: everything in the admin's scope); the downloads use it. */
  @property({ attribute: false }) unitId: number | null = null;

  private readonly locale = new LocaleController(this);
  private readonly settings = new LoadController<CompetencySettings>(this, (signal) => getCompetencySettings(signal));

  private renderMethod() {
    const tn = this.settings.value?.trainingNeeds;
    return html`<details class="method" data-testid="needs-method">
      <summary>${t('trainingNeeds.methodHeading')}</summary>
      <p>${t('trainingNeeds.methodGap')}</p>
      <p>${t('trainingNeeds.methodPriority')}</p>
      ${tn
        ? html`<p>${t('trainingNeeds.methodSignal', { months: tn.signalMonths, d: tn.signalWeights.D, c: tn.signalWeights.C, b: tn.signalWeights.B })}</p>
            <p>${t('trainingNeeds.methodTies')}</p>
            <p>${t('trainingNeeds.methodProposal', { jp: tn.jpPerLevel })}</p>`
        : html`<p>${t('trainingNeeds.methodTies')}</p>`}
    </details>`;
  }

  private renderDownloads() {
    const filter = { unitId: this.unitId };
    const links = [
      { href: trainingNeedsDownloadUrl(filter, 'pdf'), label: t('trainingNeeds.downloadPdf') },
      { href: trainingNeedsDownloadUrl(filter, 'csv', 'ranking'), label: t('trainingNeeds.downloadRanking') },
      { href: trainingNeedsDownloadUrl(filter, 'csv', 'people'), label: t('trainingNeeds.downloadPeople') },
    ];
    return html`<div class="downloads">${links.map((l) => html`<a class="button secondary" href=${l.href} download>${l.label}</a>`)}</div>`;
  }

  private renderAction(n: TrainingNeed) {
    return html`${n.activities.length
      ? html`<ul class="codes">
          ${n.activities.map(
            (a) =>
              html`<li>
                <a href=${a.url}>${t('trainingNeeds.activity', { kind: t(a.kind === 'course' ? 'trainingNeeds.course' : 'trainingNeeds.webinar'), title: a.title, level: a.level, jp: a.jp })}</a>${a.reachesTarget
                  ? nothing
                  : html` <span class="muted">(${t('trainingNeeds.belowTarget', { level: n.targetLevel })})</span>`}
              </li>`,
          )}
        </ul>`
      : nothing}
    ${n.proposal
      ? html`<p class="proposal">
          <strong>${t('trainingNeeds.proposal', { title: n.proposal.title, form: t(`trainingNeeds.forms.${n.proposal.form}`), jp: n.proposal.jp, people: n.proposal.headCount })}</strong>
        </p>`
      : nothing}`;
  }

  private renderPeople(n: TrainingNeed) {
    return html`<details>
      <summary>${t('trainingNeeds.peopleSummary', { code: n.code, name: n.name, count: n.people })}</summary>
      <div class="table-scroll" role="region" aria-labelledby=${`needs-people-${n.rank}`} tabindex="0">
        <table class="cards compact" role="table">
          <caption id=${`needs-people-${n.rank}`}>${t('trainingNeeds.peopleCaption', { name: `${n.code} ${n.name}` })}</caption>
          <thead role="rowgroup">
            <tr role="row">
              <th role="columnheader" scope="col">${t('trainingNeeds.colName')}</th>
              <th role="columnheader" scope="col">${t('trainingNeeds.colPosition')}</th>
              <th role="columnheader" scope="col">${t('trainingNeeds.colOffice')}</th>
              <th role="columnheader" scope="col" class="num">${t('trainingNeeds.colLevels')}</th>
            </tr>
          </thead>
          <tbody role="rowgroup">
            ${n.affected.map(
              (p) => html`<tr role="row">
                <td role="cell" data-label=${t('trainingNeeds.colName')}><a href=${`/admin/people/${p.id}`}>${p.name}</a></td>
                <td role="cell" data-label=${t('trainingNeeds.colPosition')}>${p.position ?? '—'}</td>
                <td role="cell" data-label=${t('trainingNeeds.colOffice')}>${p.unit.name}</td>
                <td role="cell" class="num" data-label=${t('trainingNeeds.colLevels')}>${t('trainingNeeds.levels', { attained: p.attained, required: p.required })}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${n.people > n.affected.length ? html`<p class="muted">${t('trainingNeeds.moreInDownload', { shown: n.affected.length, count: n.people })}</p>` : nothing}
    </details>`;
  }

  override render() {
    return html`<p>${t('trainingNeeds.intro')}</p>
      ${this.renderMethod()} ${this.renderDownloads()}
      ${this.needs.length
        ? html`<div class="table-scroll" role="region" aria-labelledby="needs-caption" tabindex="0">
              <table class="cards" role="table" data-testid="training-needs">
                <caption id="needs-caption">${t('trainingNeeds.caption')}</caption>
                <thead role="rowgroup">
                  <tr role="row">
                    <th role="columnheader" scope="col" class="num">${t('trainingNeeds.colRank')}</th>
                    <th role="columnheader" scope="col">${t('trainingNeeds.colCompetency')}</th>
                    <th role="columnheader" scope="col" class="num">${t('trainingNeeds.colPeople')}</th>
                    <th role="columnheader" scope="col" class="num">${t('trainingNeeds.colGap')}</th>
                    <th role="columnheader" scope="col">${t('trainingNeeds.colSignal')}</th>
                    <th role="columnheader" scope="col" class="num">${t('trainingNeeds.colPriority')}</th>
                    <th role="columnheader" scope="col">${t('trainingNeeds.colAction')}</th>
                  </tr>
                </thead>
                <tbody role="rowgroup">
                  ${this.needs.map(
                    (n) => html`<tr role="row">
                      <td role="cell" class="num" data-label=${t('trainingNeeds.colRank')}>${formatNumber(n.rank)}</td>
                      <td role="cell" data-label=${t('trainingNeeds.colCompetency')}>
                        <span><span class="code">${n.code}</span> ${n.name}<br /><span class="muted">${kindLabel(n.kind)}</span></span>
                      </td>
                      <td role="cell" class="num" data-label=${t('trainingNeeds.colPeople')}>${t('trainingNeeds.peopleOf', { people: n.people, required: n.required })}</td>
                      <td role="cell" class="num" data-label=${t('trainingNeeds.colGap')}>${t('trainingNeeds.gap', { total: n.totalGap, average: n.averageGap })}</td>
                      <td role="cell" data-label=${t('trainingNeeds.colSignal')}>
                        ${n.surveySignal
                          ? t('trainingNeeds.signal', {
                              element: n.surveySignal.element,
                              average: n.surveySignal.average,
                              grade: n.surveySignal.grade,
                              office: n.surveySignal.unit.name,
                              months: n.surveySignal.months.length,
                              weight: n.surveySignal.weight,
                            })
                          : html`<span class="muted">${t('trainingNeeds.noSignal')}</span>`}
                      </td>
                      <td role="cell" class="num" data-label=${t('trainingNeeds.colPriority')}><strong>${formatNumber(n.priority)}</strong></td>
                      <td role="cell" data-label=${t('trainingNeeds.colAction')}>${this.renderAction(n)}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>
            <h3>${t('trainingNeeds.peopleHeading')}</h3>
            ${this.needs.map((n) => this.renderPeople(n))}`
        : html`<sinau-alert variant="success">${t('competencyAdmin.reports.needsNone')}</sinau-alert>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-training-needs': SinauTrainingNeeds;
  }
}
