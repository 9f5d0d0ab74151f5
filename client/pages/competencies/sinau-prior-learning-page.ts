import { LitElement, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { listFrameworks, myClaims, withdrawClaim, type Claim, type Framework } from '../../api/competencies.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { pageStyles } from '../../styles/shared-styles.ts';
import { competencyPageStyles } from './competency-format.ts';
import './sinau-claim-summary.ts';
import './sinau-prior-learning-form.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';

/** Pembelajaran di luar Sinau: claim training done elsewhere with its proof, and follow my claims. */
@customElement('sinau-prior-learning-page')
export class SinauPriorLearningPage extends LitElement {
  static override styles = [pageStyles, competencyPageStyles];

  @state() private busyId: number | null = null;
  @state() private error = '';

  private readonly locale = new LocaleController(this);
  private readonly frameworks = new LoadController<Framework[]>(this, (signal) => listFrameworks(signal));
  private readonly claims = new LoadController<Claim[]>(this, (signal) => myClaims(signal));

  private names(): Map<string, string> {
    return new Map((this.frameworks.value ?? []).flatMap((f) => f.competencies.map((c) => [c.code, c.name] as const)));
  }

  private onSent(): void {
    void this.claims.run();
  }

  private async withdraw(claim: Claim): Promise<void> {
    this.busyId = claim.id;
    this.error = '';
    try {
      await withdrawClaim(claim.id);
      announce(t('competencies.prior.withdrawn', { title: claim.title }));
      await this.claims.run();
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busyId = null;
    }
  }

  private renderClaims() {
    if (this.claims.error) return html`<sinau-alert variant="error">${describeError(this.claims.error)}</sinau-alert>`;
    const claims = this.claims.value;
    if (!claims) return html`<sinau-loading></sinau-loading>`;
    if (!claims.length) return html`<p class="muted">${t('competencies.prior.none')}</p>`;
    const names = this.names();
    return html`<ul class="items" data-testid="my-claims">
      ${claims.map(
        (c) => html`<li class="item">
          <sinau-claim-summary .claim=${c} .names=${names}>
            ${c.status === 'pending'
              ? html`<div class="actions">
                  <button type="button" class="secondary" ?disabled=${this.busyId === c.id} @click=${() => void this.withdraw(c)}>
                    ${t('competencies.prior.withdraw')}<span class="visually-hidden">: ${c.title}</span>
                  </button>
                </div>`
              : null}
          </sinau-claim-summary>
        </li>`,
      )}
    </ul>`;
  }

  override render() {
    return html`<a class="back" href="/competencies">${t('competencies.backToDashboard')}</a>
      <h1>${t('competencies.prior.title')}</h1>
      <p class="intro">${t('competencies.prior.intro')}</p>
      <div class="sections">
        <section class="panel" aria-labelledby="form-heading">
          <h2 id="form-heading">${t('competencies.prior.formHeading')}</h2>
          ${this.frameworks.error ? html`<sinau-alert variant="warning">${describeError(this.frameworks.error)}</sinau-alert>` : null}
          <sinau-prior-learning-form .frameworks=${this.frameworks.value ?? []} @sinau-claim-sent=${this.onSent}></sinau-prior-learning-form>
        </section>
        <section class="panel" aria-labelledby="claims-heading" aria-busy=${this.claims.loading ? 'true' : 'false'}>
          <h2 id="claims-heading">${t('competencies.prior.mineHeading')}</h2>
          ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : null} ${this.renderClaims()}
        </section>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-prior-learning-page': SinauPriorLearningPage;
  }
}
