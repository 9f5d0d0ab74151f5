import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { approveWebinar, listWebinarsForReview, returnWebinar, type WebinarForReview } from '../../api/partners.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { formatDateTime } from '../webinars/webinar-format.ts';
import { partnerStyles } from './partner-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';

/**
 * Admin: partner webinars waiting for approval (all, or one partner's), to approve or return
 * with a note; and where partner courses in review are found.
 */
@customElement('sinau-webinar-review')
export class SinauWebinarReview extends LitElement {
  static override styles = partnerStyles;

  /** Only this partner's webinars; 0 for all. */
  @property({ type: Number }) partnerId = 0;

  @state() private returning = 0;
  @state() private note = '';
  @state() private busy = 0;
  @state() private error = '';

  private readonly locale = new LocaleController(this);
  private readonly pending = new LoadController<WebinarForReview[]>(this, (signal) => listWebinarsForReview(signal));

  private async approve(webinar: WebinarForReview): Promise<void> {
    this.busy = webinar.id;
    this.error = '';
    try {
      await approveWebinar(webinar.id);
      announce(t('partners.review.approved', { title: webinar.title }));
      await this.pending.run();
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = 0;
    }
  }

  private async sendBack(event: Event, webinar: WebinarForReview): Promise<void> {
    event.preventDefault();
    if (!this.note.trim()) return void (this.error = t('partners.review.needNote'));
    this.busy = webinar.id;
    this.error = '';
    try {
      await returnWebinar(webinar.id, this.note.trim());
      announce(t('partners.review.returned', { title: webinar.title }));
      this.returning = 0;
      this.note = '';
      await this.pending.run();
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = 0;
    }
  }

  private renderItem(w: WebinarForReview) {
    const busy = this.busy === w.id;
    return html`<li class="card" data-testid="webinar-review-item">
      <h3><a href=${`/webinars/${w.id}`}>${w.title}</a></h3>
      <p class="muted">${formatDateTime(w.startsAt)} · ${t('partners.review.by', { host: w.host.name })}${w.partner ? html` · ${w.partner.name}` : nothing}</p>
      ${this.returning === w.id
        ? html`<form novalidate @submit=${(e: Event) => this.sendBack(e, w)}>
            <div class="field">
              <label for=${`note-${w.id}`}>${t('partners.review.note')}</label>
              <textarea id=${`note-${w.id}`} rows="3" maxlength="2000" .value=${this.note} @input=${(e: Event) => (this.note = (e.target as HTMLTextAreaElement).value)}></textarea>
            </div>
            <div class="row">
              <button type="submit" ?disabled=${busy}>${t('partners.review.send')}</button>
              <button type="button" class="secondary" @click=${() => ((this.returning = 0), (this.note = ''))}>${t('common.cancel')}</button>
            </div>
          </form>`
        : html`<div class="row">
            <button type="button" ?disabled=${busy} @click=${() => this.approve(w)}>${t('partners.review.approve')}</button>
            <button type="button" class="secondary" ?disabled=${busy} @click=${() => ((this.returning = w.id), (this.error = ''))}>${t('partners.review.return')}</button>
          </div>`}
    </li>`;
  }

  private renderList() {
    if (this.pending.error) return html`<sinau-alert variant="error">${describeError(this.pending.error)}</sinau-alert>`;
    const all = this.pending.value;
    if (!all) return html`<sinau-loading .label=${t('partners.review.loading')}></sinau-loading>`;
    const list = this.partnerId ? all.filter((w) => w.partner?.id === this.partnerId) : all;
    if (!list.length) return html`<p class="muted">${t('partners.review.empty')}</p>`;
    return html`<ul class="plain">${list.map((w) => this.renderItem(w))}</ul>`;
  }

  override render() {
    return html`<section aria-labelledby="review-heading" data-testid="webinar-review">
      <h2 id="review-heading">${t('partners.review.heading')}</h2>
      <p>${t('partners.review.intro')}</p>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : nothing}
      ${this.renderList()}
      <p>${t('partners.review.coursesHint')} <a href="/authoring">${t('partners.review.coursesLink')}</a></p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-webinar-review': SinauWebinarReview;
  }
}
