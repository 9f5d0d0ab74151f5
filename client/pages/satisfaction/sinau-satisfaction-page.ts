import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { flaggedResponses, listSurveys, posterUrl, reportCsvUrl, reviewResponse, type ResponseItem, type SurveyListItem } from '../../api/satisfaction.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatNumber, getLocale, LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';

const ELEMENTS = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'] as const;
/** When a response came, to the minute: bursts are minutes apart. */
const dateTime = (iso: string) => new Intl.DateTimeFormat(getLocale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Jakarta' }).format(new Date(iso));
const thisYear = () => Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Jakarta' }).format(new Date()));

/**
 * The citizens' satisfaction surveys of the admin's offices: each office and counter with this
 * year's score and grade, the last six months, its public page, poster and report; and the
 * responses the abuse checks held back, to count or leave out.
 */
@customElement('sinau-satisfaction-page')
export class SinauSatisfactionPage extends LitElement {
  static override styles = [
    ...pageStyles,
    css`
      .grade {
        font-weight: 700;
      }
      .trend {
        white-space: nowrap;
        font-variant-numeric: tabular-nums;
      }
      .links {
        display: flex;
        flex-wrap: wrap;
        gap: var(--sinau-space-2, 0.5rem) var(--sinau-space-3, 0.75rem);
      }
      .answers {
        font-family: ui-monospace, Menlo, Consolas, monospace;
        white-space: nowrap;
      }
      section {
        margin-top: var(--sinau-space-6, 2rem);
      }
    `,
  ];

  /** Query of the address (unused; set by the router). */
  @property({ attribute: false }) query = new URLSearchParams();

  /** The office whose flagged responses are shown. */
  @state() private reviewUnit: { id: number; name: string } | null = null;
  @state() private busy: number | null = null;
  @state() private actionError: unknown = null;

  private readonly locale = new LocaleController(this);
  private readonly surveys = new LoadController<SurveyListItem[]>(this, (signal) => listSurveys(signal));
  private readonly flagged = new LoadController<{ total: number; items: ResponseItem[] }>(
    this,
    (signal) => (this.reviewUnit ? flaggedResponses(this.reviewUnit.id, signal) : Promise.resolve({ total: 0, items: [] })),
    { auto: false },
  );

  private review(unit: { id: number; name: string }) {
    this.reviewUnit = unit;
    this.actionError = null;
    void this.flagged.run().then(() => this.renderRoot.querySelector<HTMLElement>('#flagged-heading')?.focus());
  }

  private async decide(r: ResponseItem, decision: 'include' | 'exclude') {
    this.busy = r.id;
    this.actionError = null;
    try {
      await reviewResponse(r.id, decision);
      announce(t(decision === 'include' ? 'satisfaction.included' : 'satisfaction.excluded'));
      await Promise.all([this.flagged.run(), this.surveys.run()]);
    } catch (error) {
      this.actionError = error;
    } finally {
      this.busy = null;
    }
  }

  private score(value: number | null, grade: string | null) {
    return value === null ? t('satisfaction.noData') : html`${formatNumber(value)} <span class="grade">${grade}</span>`;
  }

  private renderSurveys() {
    if (this.surveys.error) return html`<sinau-alert variant="error">${describeError(this.surveys.error)}</sinau-alert>`;
    const list = this.surveys.value;
    if (!list) return html`<sinau-loading></sinau-loading>`;
    if (!list.length) return html`<p class="empty">${t('satisfaction.empty')}</p>`;
    const year = thisYear();
    return html`<div class="table-scroll" role="region" aria-labelledby="surveys-caption" tabindex="0">
      <table class="cards">
        <caption id="surveys-caption">${t('satisfaction.surveysCaption', { year: String(year) })}</caption>
        <thead>
          <tr>
            <th scope="col">${t('satisfaction.unit')}</th>
            <th scope="col" class="num">${t('satisfaction.responses')}</th>
            <th scope="col" class="num">${t('satisfaction.score')}</th>
            <th scope="col">${t('satisfaction.trend')}</th>
            <th scope="col">${t('satisfaction.flagged')}</th>
            <th scope="col">${t('satisfaction.links')}</th>
          </tr>
        </thead>
        <tbody>
          ${list.map((s) => {
            const name = s.counter ? `${s.unit.name} — ${s.counter}` : s.unit.name;
            return html`<tr data-testid="survey-row">
              <td data-label=${t('satisfaction.unit')}>${s.unit.name}${s.counter ? html`<br /><span class="muted">${s.counter}</span>` : nothing}
                ${s.active ? nothing : html`<span class="badge">${t('common.inactive')}</span>`}</td>
              <td data-label=${t('satisfaction.responses')} class="num">${formatNumber(s.year.responses)}</td>
              <td data-label=${t('satisfaction.score')} class="num">${this.score(s.year.score, s.year.grade)}</td>
              <td data-label=${t('satisfaction.trend')} class="trend">
                ${s.trend.length
                  ? s.trend.map((p, i) => html`${i ? ' → ' : ''}<abbr title=${`${p.period}: ${formatNumber(p.responses)} ${t('satisfaction.responses').toLowerCase()}`}>${p.score === null ? '–' : formatNumber(p.score)}</abbr>`)
                  : t('satisfaction.noData')}
              </td>
              <td data-label=${t('satisfaction.flagged')}>
                ${s.flagged
                  ? html`<button class="link" type="button" @click=${() => this.review({ id: s.unit.id, name: s.unit.name })}>
                      ${t('satisfaction.reviewCount', { count: s.flagged })}<span class="visually-hidden"> ${name}</span>
                    </button>`
                  : '0'}
              </td>
              <td data-label=${t('satisfaction.links')}>
                <span class="links">
                  <a href=${s.url} target="_blank" rel="noopener">${t('satisfaction.page')}<span class="visually-hidden"> ${name}</span></a>
                  <a href=${posterUrl(s.id)} download>${t('satisfaction.poster')}<span class="visually-hidden"> ${name}</span></a>
                  <a href=${s.reportUrl} target="_blank" rel="noopener">${t('satisfaction.publicReport')}<span class="visually-hidden"> ${name}</span></a>
                  ${s.parentId === null ? html`<a href=${reportCsvUrl(s.unit.id, year)} download>${t('satisfaction.csv')}<span class="visually-hidden"> ${name}</span></a>` : nothing}
                </span>
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  private renderFlagged() {
    if (!this.reviewUnit) return nothing;
    const data = this.flagged.value;
    return html`<section aria-labelledby="flagged-heading">
      <h2 id="flagged-heading" tabindex="-1">${t('satisfaction.flaggedTitle', { unit: this.reviewUnit.name })}</h2>
      <p class="muted">${t('satisfaction.flaggedIntro')}</p>
      ${this.actionError ? html`<sinau-alert variant="error">${describeError(this.actionError)}</sinau-alert>` : nothing}
      ${this.flagged.error ? html`<sinau-alert variant="error">${describeError(this.flagged.error)}</sinau-alert>` : nothing}
      ${!data
        ? html`<sinau-loading></sinau-loading>`
        : !data.items.length
          ? html`<p class="empty">${t('satisfaction.noFlagged')}</p>`
          : html`<div class="table-scroll" role="region" aria-labelledby="flagged-heading" tabindex="0">
              <table class="cards">
                <thead>
                  <tr>
                    <th scope="col">${t('satisfaction.sent')}</th>
                    <th scope="col">${t('satisfaction.answers')}</th>
                    <th scope="col">${t('satisfaction.reason')}</th>
                    <th scope="col">${t('common.status')}</th>
                    <th scope="col"><span class="visually-hidden">${t('common.actions')}</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${data.items.map(
                    (r) => html`<tr data-testid="flagged-row">
                      <td data-label=${t('satisfaction.sent')}>${dateTime(r.submittedAt)}${r.survey.counter ? html`<br /><span class="muted">${r.survey.counter}</span>` : nothing}</td>
                      <td data-label=${t('satisfaction.answers')} class="answers">${ELEMENTS.map((c) => `${c}:${r.answers[c] ?? '–'}`).join(' ')}</td>
                      <td data-label=${t('satisfaction.reason')}>${r.flagExplanation ?? ''}</td>
                      <td data-label=${t('common.status')}>${t(r.counted ? 'satisfaction.counted' : 'satisfaction.notCounted')}</td>
                      <td data-label=${t('common.actions')}>
                        <span class="links">
                          <button type="button" class="secondary" ?disabled=${this.busy === r.id || r.review === 'include'} @click=${() => this.decide(r, 'include')}>${t('satisfaction.include')}<span class="visually-hidden"> ${dateTime(r.submittedAt)}</span></button>
                          <button type="button" class="secondary" ?disabled=${this.busy === r.id || r.review === 'exclude'} @click=${() => this.decide(r, 'exclude')}>${t('satisfaction.exclude')}<span class="visually-hidden"> ${dateTime(r.submittedAt)}</span></button>
                        </span>
                      </td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>`}
    </section>`;
  }

  override render() {
    return html`<h1>${t('satisfaction.title')}</h1>
      <p class="lead">${t('satisfaction.intro')}</p>
      ${this.renderSurveys()} ${this.renderFlagged()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-satisfaction-page': SinauSatisfactionPage;
  }
}
