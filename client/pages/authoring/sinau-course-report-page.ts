import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { courseReportCsvUrl, getCourseReport, type CourseReport, type ReportFigures } from '../../api/courses.ts';
import { isApiError } from '../../api/http.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatNumber, LocaleController, t, type MessageKey } from '../../i18n.ts';
import { pageStyles, statStyles } from '../../styles/shared-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';

const percent = (value: number) => t('report.percent', { value: formatNumber(value) });

/** Enrolments, progress and completions of one course, in total and per office (owner and admins). */
@customElement('sinau-course-report-page')
export class SinauCourseReportPage extends LitElement {
  static override styles = [
    pageStyles,
    statStyles,
    css`
      .download {
        margin: 0 0 var(--sinau-space-4);
      }
      .download .hint {
        display: block;
        margin-top: var(--sinau-space-1);
      }
    `,
  ];

  /** Route parameters: slug. */
  @property({ attribute: false }) params: Record<string, string> = {};

  private readonly locale = new LocaleController(this);
  private readonly report = new LoadController<CourseReport>(this, (signal) => getCourseReport(this.slug, signal));

  private get slug(): string {
    return this.params.slug ?? '';
  }

  private renderTiles(totals: ReportFigures) {
    const tile = (key: MessageKey, value: string, warning = false) =>
      html`<li class=${warning ? 'stat warning' : 'stat'}><span class="number">${value}</span> ${t(key)}</li>`;
    return html`<ul class="stats" aria-label=${t('report.totalsLabel')}>
      ${tile('report.enrolled', formatNumber(totals.enrolled))} ${tile('report.inProgress', formatNumber(totals.inProgress))}
      ${tile('report.completed', formatNumber(totals.completed))} ${tile('report.overdue', formatNumber(totals.overdue), totals.overdue > 0)}
      ${tile('report.averageProgress', percent(totals.averageProgress))}
    </ul>`;
  }

  private renderTable(report: CourseReport) {
    if (!report.offices.length) return html`<p class="empty">${t('report.empty')}</p>`;
    // A plain table that scrolls inside its own region on a narrow screen: the figures are
    // read across a row, which the phone card layout would break up.
    return html`<div class="table-scroll" role="region" aria-labelledby="report-caption" tabindex="0">
      <table>
        <caption id="report-caption">${t('report.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">${t('report.office')}</th>
            <th scope="col" class="num">${t('report.enrolled')}</th>
            <th scope="col" class="num">${t('report.inProgress')}</th>
            <th scope="col" class="num">${t('report.completed')}</th>
            <th scope="col" class="num">${t('report.overdue')}</th>
            <th scope="col" class="num">${t('report.averageProgress')}</th>
          </tr>
        </thead>
        <tbody>
          ${report.offices.map(
            (office) => html`<tr>
              <th scope="row">${office.unit ? html`${office.unit.name} <span class="muted">(${office.unit.code})</span>` : html`<span class="muted">${t('report.noOffice')}</span>`}</th>
              <td class="num">${formatNumber(office.enrolled)}</td>
              <td class="num">${formatNumber(office.inProgress)}</td>
              <td class="num">${formatNumber(office.completed)}</td>
              <td class="num">${formatNumber(office.overdue)}</td>
              <td class="num">${percent(office.averageProgress)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  override render() {
    const crumbs = html`<nav class="crumbs" aria-label=${t('course.breadcrumbs')}>
      <a href="/authoring">${t('authoring.title')}</a> › <a href=${`/authoring/${encodeURIComponent(this.slug)}`}>${t('report.toEditor')}</a>
    </nav>`;
    const error = this.report.error;
    if (error) {
      return html`${crumbs}<h1>${t('report.title')}</h1>
        <sinau-alert variant="error">${isApiError(error, 'forbidden') ? t('report.forbidden') : describeError(error)}</sinau-alert>`;
    }
    const report = this.report.value;
    if (!report) return html`${crumbs}<h1>${t('report.title')}</h1><sinau-loading></sinau-loading>`;
    return html`${crumbs}
      <h1>${t('report.heading', { title: report.title })}</h1>
      <p class="lead">${t('report.intro')}</p>
      ${this.renderTiles(report.totals)}
      <p class="download">
        <a class="button secondary" href=${courseReportCsvUrl(report.slug)} download>${t('report.download')}</a>
        <span class="hint">${t('report.downloadHint')}</span>
      </p>
      ${this.renderTable(report)}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-course-report-page': SinauCourseReportPage;
  }
}
