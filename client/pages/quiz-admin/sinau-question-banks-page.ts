import { LitElement, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { isApiError } from '../../api/http.ts';
import { createQuestionBank, listQuestionBanks, type QuestionBank } from '../../api/quizzes.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { formatNumber, LocaleController, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { quizAdminStyles } from './quiz-admin-styles.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';

const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The question banks I may edit, and a form to start a new one. */
@customElement('sinau-question-banks-page')
export class SinauQuestionBanksPage extends LitElement {
  static override styles = [pageStyles, quizAdminStyles];

  @state() private name = '';
  @state() private slug = '';
  @state() private busy = false;
  @state() private error = '';
  @state() private invalid: { name?: string; slug?: string } = {};

  private readonly locale = new LocaleController(this);
  private readonly banks = new LoadController<QuestionBank[]>(this, (signal) => listQuestionBanks(signal));

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const name = this.name.trim();
    const slug = this.slug.trim();
    const invalid: { name?: string; slug?: string } = {};
    if (name.length < 3) invalid.name = t('quizAdmin.nameTooShort');
    if (slug.length < 3 || slug.length > 100 || !slugPattern.test(slug)) invalid.slug = t('quizAdmin.slugInvalid');
    this.invalid = invalid;
    if (invalid.name || invalid.slug) {
      this.error = t('form.fixErrors');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const bank = await createQuestionBank(slug, name);
      router.navigate(`/authoring/question-banks/${bank.id}`);
    } catch (error) {
      this.error = isApiError(error, 'conflict') || isApiError(error, 'validation_failed') ? (error as Error).message : describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private renderForm() {
    const { invalid } = this;
    return html`<form class="card" novalidate @submit=${this.onSubmit} data-testid="new-bank" aria-labelledby="new-bank-heading">
      <h2 id="new-bank-heading">${t('quizAdmin.newBank')}</h2>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null}
      <div class="field">
        <label for="bank-name">${t('quizAdmin.bankName')}</label>
        <input
          id="bank-name"
          required
          maxlength="200"
          .value=${this.name}
          aria-invalid=${invalid.name ? 'true' : 'false'}
          aria-describedby=${invalid.name ? 'bank-name-error' : ''}
          @input=${(e: Event) => (this.name = (e.target as HTMLInputElement).value)}
        />
        ${invalid.name ? html`<p id="bank-name-error" class="field-error">${invalid.name}</p>` : null}
      </div>
      <div class="field">
        <label for="bank-slug">${t('quizAdmin.bankSlug')}</label>
        <input
          id="bank-slug"
          required
          maxlength="100"
          autocapitalize="off"
          spellcheck="false"
          .value=${this.slug}
          aria-invalid=${invalid.slug ? 'true' : 'false'}
          aria-describedby=${invalid.slug ? 'bank-slug-hint bank-slug-error' : 'bank-slug-hint'}
          @input=${(e: Event) => (this.slug = (e.target as HTMLInputElement).value.toLowerCase())}
        />
        <p id="bank-slug-hint" class="hint">${t('quizAdmin.slugHint')}</p>
        ${invalid.slug ? html`<p id="bank-slug-error" class="field-error">${invalid.slug}</p>` : null}
      </div>
      <div class="actions">
        <button type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${t('quizAdmin.create')}</button>
      </div>
    </form>`;
  }

  private renderTable(banks: QuestionBank[]) {
    if (!banks.length) return html`<p class="empty">${t('quizAdmin.noBanks')}</p>`;
    return html`<div class="table-scroll" role="region" aria-labelledby="banks-caption" tabindex="0">
      <table>
        <caption id="banks-caption">${t('quizAdmin.banksCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">${t('quizAdmin.bankName')}</th>
            <th scope="col">${t('quizAdmin.course')}</th>
            <th scope="col" class="num">${t('quizAdmin.questions')}</th>
          </tr>
        </thead>
        <tbody>
          ${banks.map(
            (bank) => html`<tr>
              <th scope="row">
                <a href=${`/authoring/question-banks/${bank.id}`}>${bank.name}</a>
                <br /><span class="muted">${bank.slug}</span>
                ${bank.source === 'file' ? html` <span class="badge inactive">${t('quizAdmin.fromFile')}</span>` : null}
              </th>
              <td>${bank.course?.title ?? html`<span class="muted">—</span>`}</td>
              <td class="num">${formatNumber(bank.questionCount)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  override render() {
    return html`<nav class="crumbs" aria-label=${t('course.breadcrumbs')}><a href="/authoring">${t('quizAdmin.toAuthoring')}</a></nav>
      <h1>${t('quizAdmin.banksTitle')}</h1>
      <p class="lead">${t('quizAdmin.banksIntro')}</p>
      ${this.banks.error
        ? html`<sinau-alert variant="error">${describeError(this.banks.error)}</sinau-alert>`
        : this.banks.value
          ? this.renderTable(this.banks.value)
          : html`<sinau-loading></sinau-loading>`}
      <section>${this.renderForm()}</section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-question-banks-page': SinauQuestionBanksPage;
  }
}
