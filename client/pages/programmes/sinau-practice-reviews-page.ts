import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { listPracticeReviews, listProgrammes, type ProgrammeSummary, type Submission } from '../../api/programmes.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatDate, LocaleController, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { programmeStyles } from './programme-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';

/** Practice submissions waiting for my review (facilitators, principals, programme admins); all of them on request. */
@customElement('sinau-practice-reviews-page')
export class SinauPracticeReviewsPage extends LitElement {
  static override styles = programmeStyles;

  /** The address's query: `?status=all` also lists reviewed work. */
  @property({ attribute: false }) query: URLSearchParams = new URLSearchParams();

  @state() private showAll = false;

  private readonly locale = new LocaleController(this);
  /** Programmes I manage or facilitate: their cohorts' dashboards are one click further. */
  private readonly programmes = new LoadController<ProgrammeSummary[]>(this, (signal) => listProgrammes(signal));
  private readonly reviews = new LoadController<Submission[]>(this, (signal) => listPracticeReviews(this.showAll ? 'all' : 'submitted', signal), { auto: false });

  override connectedCallback(): void {
    this.showAll = this.query.get('status') === 'all';
    super.connectedCallback();
    void this.reviews.run();
  }

  private toggle(event: Event): void {
    this.showAll = (event.target as HTMLInputElement).checked;
    router.replaceQuery({ status: this.showAll ? 'all' : null });
    void this.reviews.run();
  }

  private renderList() {
    if (this.reviews.error) return html`<sinau-alert variant="error">${describeError(this.reviews.error)}</sinau-alert>`;
    const list = this.reviews.value;
    if (!list || this.reviews.loading) return html`<sinau-loading .label=${t('programmes.loading')}></sinau-loading>`;
    if (!list.length) return html`<p class="muted" data-testid="reviews-empty">${this.showAll ? t('programmes.reviews.emptyAll') : t('programmes.reviews.empty')}</p>`;
    return html`<div class="table-scroll" role="region" aria-labelledby="reviews-caption" tabindex="0">
      <table class="cards" role="table" data-testid="reviews-table">
        <caption id="reviews-caption">${t('programmes.reviews.caption', { count: list.length })}</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th role="columnheader" scope="col">${t('programmes.reviews.participant')}</th>
            <th role="columnheader" scope="col">${t('programmes.reviews.step')}</th>
            <th role="columnheader" scope="col">${t('programmes.reviews.submitted')}</th>
            <th role="columnheader" scope="col">${t('common.status')}</th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          ${list.map(
            (s) => html`<tr role="row" data-testid="review-row">
              <td role="cell" data-label=${t('programmes.reviews.participant')}>
                <div><a href=${`/reviews/${s.id}`}>${s.person.name}</a>${s.person.unit ? html`<br /><span class="muted">${s.person.unit.name}</span>` : nothing}</div>
              </td>
              <td role="cell" data-label=${t('programmes.reviews.step')}><div>${s.stepTitle}<br /><span class="muted">${s.programme.title}</span></div></td>
              <td role="cell" data-label=${t('programmes.reviews.submitted')}>${formatDate(s.submittedAt)}</td>
              <td role="cell" data-label=${t('common.status')}><span class="badge s-${s.status}">${t(`programmes.submissionStatus.${s.status}`)}</span></td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private renderProgrammes() {
    const list = this.programmes.value ?? [];
    if (!list.length) return nothing;
    return html`<section aria-labelledby="facilitated-heading">
      <h2 id="facilitated-heading">${t('programmes.reviews.programmesHeading')}</h2>
      <p class="hint">${t('programmes.reviews.programmesIntro')}</p>
      <ul class="plain" data-testid="facilitated-programmes">
        ${list.map(
          (p) =>
            html`<li><a href=${`/programmes/${p.id}`}>${p.title}</a> <span class="muted">· ${t('programmes.participantsValue', { count: p.participantCount })}</span></li>`,
        )}
      </ul>
    </section>`;
  }

  override render() {
    return html`<h1>${t('programmes.reviews.title')}</h1>
      <p class="lead">${t('programmes.reviews.intro')}</p>
      <section aria-labelledby="waiting-heading">
        <h2 id="waiting-heading" class="visually-hidden">${t('programmes.reviews.title')}</h2>
        <label class="check"><input type="checkbox" .checked=${this.showAll} @change=${this.toggle} /> ${t('programmes.reviews.showAll')}</label>
        ${this.renderList()}
      </section>
      ${this.renderProgrammes()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-practice-reviews-page': SinauPracticeReviewsPage;
  }
}
