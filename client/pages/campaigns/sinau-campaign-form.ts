import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { openCampaign, type Opened } from '../../api/assessment-campaigns.ts';
import type { Framework } from '../../api/competencies.ts';
import { listPositions, type Position, type Unit } from '../../api/org.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { formStyles, pageStyles } from '../../styles/shared-styles.ts';
import { unitTree } from '../admin/unit-tree.ts';
import '../../components/sinau-alert.ts';

const today = () => new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Jakarta' });
const selectedValues = (select: HTMLSelectElement) => [...select.selectedOptions].map((o) => Number(o.value));

/** The admin's form to open a campaign. Fires `sinau-campaign-opened` (detail: the campaign opened, with its problems). */
@customElement('sinau-campaign-form')
export class SinauCampaignForm extends LitElement {
  static override styles = [pageStyles, formStyles];

  /** Offices the admin may target. */
  @property({ attribute: false }) units: Unit[] = [];
  /** The frameworks, for choosing competencies. */
  @property({ attribute: false }) frameworks: Framework[] = [];

  @state() private name = '';
  @state() private opensOn = today();
  @state() private closesOn = '';
  @state() private unitIds: number[] = [];
  @state() private includeSub = true;
  @state() private positions: Position[] = [];
  @state() private positionIds: number[] = [];
  @state() private codes: string[] = [];
  @state() private selfAssessment = true;
  @state() private peerInput = false;
  @state() private maxPeers = 3;
  @state() private busy = false;
  @state() private error = '';

  private readonly locale = new LocaleController(this);

  private async onUnits(event: Event): Promise<void> {
    this.unitIds = selectedValues(event.target as HTMLSelectElement);
    const lists = await Promise.all(this.unitIds.slice(0, 20).map((id) => listPositions(id).catch(() => [] as Position[])));
    this.positions = lists.flat();
    this.positionIds = this.positionIds.filter((id) => this.positions.some((p) => p.id === id));
  }

  private toggleCode(code: string, on: boolean): void {
    this.codes = on ? [...this.codes, code] : this.codes.filter((c) => c !== code);
  }

  private async onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    if (this.name.trim().length < 3) return void (this.error = t('campaigns.form.needName'));
    if (!this.opensOn || !this.closesOn) return void (this.error = t('campaigns.form.needDates'));
    if (!this.unitIds.length && !this.positionIds.length) return void (this.error = t('campaigns.form.needTarget'));
    this.busy = true;
    this.error = '';
    try {
      const opened = await openCampaign({
        name: this.name.trim(),
        opensOn: this.opensOn,
        closesOn: this.closesOn,
        unitIds: this.unitIds,
        includeSubUnits: this.includeSub,
        positionIds: this.positionIds,
        competencyCodes: this.codes,
        selfAssessment: this.selfAssessment,
        peerInput: this.peerInput,
        maxPeers: this.maxPeers,
      });
      announce(t('campaigns.form.opened', { name: opened.name, count: opened.tasksCreated }));
      this.dispatchEvent(new CustomEvent<Opened>('sinau-campaign-opened', { detail: opened, bubbles: true, composed: true }));
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const input = (e: Event) => (e.target as HTMLInputElement).value;
    return html`<form novalidate @submit=${this.onSubmit} aria-busy=${this.busy ? 'true' : 'false'} data-testid="campaign-form">
      <div class="field">
        <label for="c-name">${t('campaigns.form.name')}</label>
        <input id="c-name" required minlength="3" maxlength="200" .value=${this.name} @input=${(e: Event) => (this.name = input(e))} />
      </div>
      <div class="form-grid">
        <div class="field">
          <label for="c-opens">${t('campaigns.form.opensOn')}</label>
          <input id="c-opens" type="date" required .value=${this.opensOn} @input=${(e: Event) => (this.opensOn = input(e))} />
        </div>
        <div class="field">
          <label for="c-closes">${t('campaigns.form.closesOn')}</label>
          <input id="c-closes" type="date" required min=${this.opensOn} .value=${this.closesOn} @input=${(e: Event) => (this.closesOn = input(e))} />
        </div>
      </div>
      <div class="field">
        <label for="c-units">${t('campaigns.form.offices')}</label>
        <select id="c-units" multiple size="8" aria-describedby="c-units-hint" @change=${this.onUnits}>
          ${unitTree(this.units).map(
            (n) => html`<option value=${String(n.unit.id)} .selected=${this.unitIds.includes(n.unit.id)}>${'\u00a0\u00a0\u00a0'.repeat(n.depth)}${n.unit.name}</option>`,
          )}
        </select>
        <p class="hint" id="c-units-hint">${t('campaigns.form.officesHint')}</p>
      </div>
      <label class="check"><input type="checkbox" .checked=${this.includeSub} @change=${(e: Event) => (this.includeSub = (e.target as HTMLInputElement).checked)} /> ${t('campaigns.form.includeSub')}</label>
      ${this.positions.length
        ? html`<div class="field">
            <label for="c-positions">${t('campaigns.form.positions')}</label>
            <select id="c-positions" multiple size="6" aria-describedby="c-positions-hint" @change=${(e: Event) => (this.positionIds = selectedValues(e.target as HTMLSelectElement))}>
              ${this.positions.map((p) => html`<option value=${String(p.id)} .selected=${this.positionIds.includes(p.id)}>${p.name}</option>`)}
            </select>
            <p class="hint" id="c-positions-hint">${t('campaigns.form.positionsHint')}</p>
          </div>`
        : nothing}
      <fieldset>
        <legend>${t('campaigns.form.competencies')}</legend>
        <p class="hint">${t('campaigns.form.competenciesHint')}</p>
        ${this.frameworks.flatMap((f) =>
          f.competencies.map(
            (c) => html`<label class="check"
              ><input type="checkbox" value=${c.code} .checked=${this.codes.includes(c.code)} @change=${(e: Event) => this.toggleCode(c.code, (e.target as HTMLInputElement).checked)} />
              ${c.code} ${c.name}</label
            >`,
          ),
        )}
      </fieldset>
      <label class="check"><input type="checkbox" .checked=${this.selfAssessment} @change=${(e: Event) => (this.selfAssessment = (e.target as HTMLInputElement).checked)} /> ${t('campaigns.form.selfAssessment')}</label>
      <label class="check"><input type="checkbox" .checked=${this.peerInput} @change=${(e: Event) => (this.peerInput = (e.target as HTMLInputElement).checked)} /> ${t('campaigns.form.peerInput')}</label>
      ${this.peerInput
        ? html`<div class="field">
            <label for="c-peers">${t('campaigns.form.maxPeers')}</label>
            <input id="c-peers" type="number" min="1" max="10" .value=${String(this.maxPeers)} @input=${(e: Event) => (this.maxPeers = Number(input(e)) || 1)} />
          </div>`
        : nothing}
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : nothing}
      <div class="actions"><button type="submit" ?disabled=${this.busy}>${t('campaigns.form.submit')}</button></div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-campaign-form': SinauCampaignForm;
  }
  interface HTMLElementEventMap {
    'sinau-campaign-opened': CustomEvent<Opened>;
  }
}
