import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { evaluationCsvUrl, getEvaluationReport, type ActivityKind, type Applied, type EvaluationReport } from '../../api/evaluation.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatNumber, LocaleController, t, type MessageKey } from '../../i18n.ts';
import { pageStyles, statStyles } from '../../styles/shared-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-evaluation-tests-form.ts';

const percent = (value: number) => t('evaluation.report.percent', { value: formatNumber(value) });
const num = (value: number | null | undefined) => (value === null || value === undefined ? t('evaluation.report.notAvailable') : formatNumber(value));
const APPLIED: Applied[] = ['not_at_all', 'partly', 'mostly', 'fully'];

/**
 * The evaluation of one course or webinar for its trainer and admins: reaction averages,
 * response rate and comments (anonymous, withheld below the minimum), the pre/post comparison
 * and the supervisors' follow-ups.
 */
@customElement('sinau-evaluation-report-page')
export class SinauEvaluationReportPage extends LitElement {
  static override styles = [
    pageStyles,
    statStyles,
    css`
      section {
        margin-bottom: var(--sinau-space-5);
      }
      .comments {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr));
        gap: var(--sinau-space-4);
      }
      .comments ul {
        margin: 0;
        padding-left: 1.2rem;
      }
      .comments li {
        margin-bottom: var(--sinau-space-1);
        overflow-wrap: anywhere;
      }
    `,
  ];

  /** Route parameters: kind (courses or webinars) and id. */
  @property({ attribute: false }) params: Record<string, string> = {};

  private readonly locale = new LocaleController(this);
  private readonly report = new LoadController<EvaluationReport>(this, (signal) => getEvaluationReport(this.kind, Number(this.params.id), signal));

  private get kind(): ActivityKind {
    return this.params.kind === 'webinars' ? 'webinars' : 'courses';
  }

  private tile(label: MessageKey, value: string) {
    return html`<li class="stat"><span class="number">${value}</span> ${t(label)}</li>`;
  }

  private renderReaction(r: EvaluationReport) {
    const x = r.reaction;
    const rows: [MessageKey, number][] = x.averages
      ? [
          ['evaluation.survey.relevance', x.averages.relevance],
          ['evaluation.survey.trainer', x.averages.trainer],
          ['evaluation.survey.materials', x.averages.materials],
          ['evaluation.survey.delivery', x.averages.delivery],
          ['evaluation.report.recommend', x.averages.recommend],
          ['evaluation.report.nps', x.averages.nps],
        ]
      : [];
    return html`<section aria-labelledby="reaction-heading">
      <h2 id="reaction-heading">${t('evaluation.report.reaction')}</h2>
      <ul class="stats" data-testid="reaction-stats">
        ${this.tile('evaluation.report.responses', formatNumber(x.responses))} ${this.tile('evaluation.report.eligible', formatNumber(x.eligible))}
        ${this.tile('evaluation.report.rate', percent(x.responseRate))}
      </ul>
      ${x.shown
        ? html`<div class="table-scroll" role="region" aria-labelledby="averages-caption" tabindex="0">
              <table>
                <caption id="averages-caption">${t('evaluation.report.averagesCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">${t('evaluation.report.question')}</th>
                    <th scope="col" class="num">${t('evaluation.report.average')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${rows.map(([k, v]) => html`<tr><th scope="row">${t(k)}</th><td class="num">${formatNumber(v)}</td></tr>`)}
                </tbody>
              </table>
            </div>
            <div class="comments">
              ${(
                [
                  ['evaluation.report.mostUseful', x.comments?.mostUseful ?? []],
                  ['evaluation.report.improve', x.comments?.improve ?? []],
                ] as [MessageKey, string[]][]
              ).map(
                ([k, list]) => html`<div>
                  <h3>${t(k)}</h3>
                  ${list.length ? html`<ul>${list.map((c) => html`<li>${c}</li>`)}</ul>` : html`<p class="muted">${t('evaluation.report.noComments')}</p>`}
                </div>`,
              )}
            </div>`
        : html`<sinau-alert variant="info">${t('evaluation.report.withheld', { min: r.minResponses })}</sinau-alert>`}
    </section>`;
  }

  private renderLearning(r: EvaluationReport) {
    const p = r.prePost;
    const none = t('evaluation.report.none');
    return html`<section aria-labelledby="learning-heading">
      <h2 id="learning-heading">${t('evaluation.report.learning')}</h2>
      <sinau-evaluation-tests-form
        .kind=${r.activity.kind}
        .activityId=${r.activity.id}
        .tests=${{ pre: p.pre, post: p.post }}
        @sinau-tests-change=${() => void this.report.run()}
      ></sinau-evaluation-tests-form>
      ${!p.pre || !p.post
        ? html`<p class="muted">${t('evaluation.report.noTests')}</p>`
        : html`<p>${t('evaluation.report.tests', { pre: p.pre.title ?? none, post: p.post.title ?? none })}</p>
            <ul class="stats">
              ${this.tile('evaluation.report.people', formatNumber(p.people))} ${this.tile('evaluation.report.preAvg', num(p.preAvg))}
              ${this.tile('evaluation.report.postAvg', num(p.postAvg))} ${this.tile('evaluation.report.gainAvg', num(p.gainAvg))}
              ${this.tile('evaluation.report.normalisedGain', num(p.normalisedGain))}
              ${this.tile('evaluation.report.improved', p.improvedPct === null ? t('evaluation.report.notAvailable') : percent(p.improvedPct))}
            </ul>
            ${p.persons?.length
              ? html`<div class="table-scroll" role="region" aria-labelledby="persons-caption" tabindex="0">
                  <table>
                    <caption id="persons-caption">${t('evaluation.report.perPerson')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">${t('evaluation.report.name')}</th>
                        <th scope="col" class="num">${t('evaluation.report.pre')}</th>
                        <th scope="col" class="num">${t('evaluation.report.post')}</th>
                        <th scope="col" class="num">${t('evaluation.report.gain')}</th>
                        <th scope="col" class="num">${t('evaluation.report.g')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${p.persons.map(
                        (x) => html`<tr>
                          <th scope="row">${x.person.name}${x.person.nip ? html` <span class="muted">${x.person.nip}</span>` : null}</th>
                          <td class="num">${formatNumber(x.pre)}</td>
                          <td class="num">${formatNumber(x.post)}</td>
                          <td class="num">${formatNumber(x.gain)}</td>
                          <td class="num">${num(x.normalisedGain)}</td>
                        </tr>`,
                      )}
                    </tbody>
                  </table>
                </div>`
              : null}`}
    </section>`;
  }

  private renderApplication(r: EvaluationReport) {
    const f = r.followUp;
    return html`<section aria-labelledby="application-heading">
      <h2 id="application-heading">${t('evaluation.report.application')}</h2>
      <ul class="stats">
        ${this.tile('evaluation.report.followUps', formatNumber(f.created))} ${this.tile('evaluation.report.answered', formatNumber(f.answered))}
      </ul>
      <div class="table-scroll" role="region" aria-labelledby="distribution-caption" tabindex="0">
        <table>
          <caption id="distribution-caption">${t('evaluation.report.distributionCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">${t('evaluation.report.answer')}</th>
              <th scope="col" class="num">${t('evaluation.report.count')}</th>
            </tr>
          </thead>
          <tbody>
            ${APPLIED.map((a) => html`<tr><th scope="row">${t(`evaluation.followUp.applied.${a}` as MessageKey)}</th><td class="num">${formatNumber(f.distribution[a])}</td></tr>`)}
          </tbody>
        </table>
      </div>
      ${f.examples?.length
        ? html`<h3>${t('evaluation.report.examples')}</h3>
            <ul>
              ${f.examples.map((e) => html`<li>${e}</li>`)}
            </ul>`
        : null}
    </section>`;
  }

  override render() {
    const error = this.report.error;
    if (error) return html`<h1>${t('evaluation.report.title')}</h1><sinau-alert variant="error">${describeError(error)}</sinau-alert>`;
    const r = this.report.value;
    if (!r) return html`<h1>${t('evaluation.report.title')}</h1><sinau-loading></sinau-loading>`;
    return html`<nav class="crumbs" aria-label=${t('evaluation.report.title')}>
        <a href=${r.activity.path}>${r.activity.title}</a> ›
        <a href=${r.trainer ? `/evaluations?trainer=${r.trainer.id}` : '/evaluations'}>${t('evaluation.overview.link')}</a>
      </nav>
      <h1>${t('evaluation.report.title')}: ${r.activity.title}</h1>
      ${r.trainer ? html`<p class="lead">${t('evaluation.report.trainer', { name: r.trainer.name })}</p>` : null}
      <p><a class="button secondary" href=${evaluationCsvUrl(r.activity.kind, r.activity.id)} download>${t('evaluation.report.csv')}</a></p>
      ${this.renderReaction(r)} ${this.renderLearning(r)} ${this.renderApplication(r)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-evaluation-report-page': SinauEvaluationReportPage;
  }
}
