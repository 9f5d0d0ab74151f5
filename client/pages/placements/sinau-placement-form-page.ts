import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Competency } from '../../api/courses.ts';
import { listUnits, type Unit } from '../../api/org.ts';
import { partnerOptions, type PartnerOption } from '../../api/partners.ts';
import {
  createPlacement,
  getPlacement,
  placementKinds,
  placementStatuses,
  updatePlacement,
  type Placement,
  type PlacementKind,
  type PlacementStatus,
} from '../../api/placements.ts';
import { announce } from '../../announce.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { hasRole, SessionController } from '../../session.ts';
import { unitTree } from '../admin/unit-tree.ts';
import { placementStyles } from './placement-styles.ts';
import { today } from './placement-format.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import '../authoring/sinau-competency-rows.ts';

/** Opening a placement (/placements/new) or changing one (/placements/:id/edit), for partner users and admins. */
@customElement('sinau-placement-form-page')
export class SinauPlacementFormPage extends LitElement {
  static override styles = placementStyles;

  /** Route parameters: `id` when editing. */
  @property({ attribute: false }) params: Record<string, string> = {};

  @state() private loaded = false;
  @state() private loadError: unknown = null;
  @state() private kind: PlacementKind = 'internship';
  @state() private placementTitle = '';
  @state() private topic = '';
  @state() private description = '';
  @state() private location = '';
  @state() private startsOn = '';
  @state() private endsOn = '';
  @state() private applyBy = '';
  @state() private seats = 2;
  @state() private jp = 10;
  @state() private competencies: Competency[] = [];
  @state() private status: PlacementStatus = 'open';
  @state() private hostUnitId = 0;
  @state() private units: Unit[] = [];
  @state() private partners: PartnerOption[] = [];
  @state() private partnerId = 0;
  @state() private busy = false;
  @state() private error = '';

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);

  private get editing(): number {
    return Number(this.params.id ?? 0);
  }

  private get admin(): boolean {
    return hasRole(this.session.me, 'admin');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      if (this.editing) this.fill(await getPlacement(this.editing));
      else if (this.admin) [this.units, this.partners] = await Promise.all([listUnits(), partnerOptions()]);
      this.loaded = true;
    } catch (error) {
      this.loadError = error;
    }
  }

  private fill(p: Placement): void {
    this.kind = p.kind;
    this.placementTitle = p.title;
    this.topic = p.topic;
    this.description = p.description;
    this.location = p.location;
    this.startsOn = p.startsOn;
    this.endsOn = p.endsOn;
    this.applyBy = p.applyBy;
    this.seats = p.seats;
    this.jp = p.jp;
    this.competencies = p.competencies.map((c) => ({ code: c.code, level: c.level }));
    this.status = p.status;
  }

  private validate(): string {
    if (this.placementTitle.trim().length < 3 || !this.topic.trim() || !this.description.trim() || !this.location.trim() || !this.startsOn || !this.endsOn || !this.applyBy)
      return t('placements.form.needFields');
    if (this.endsOn < this.startsOn || this.applyBy > this.endsOn) return t('placements.form.badDates');
    if (!Number.isInteger(this.seats) || this.seats < 1 || this.seats > 500 || !(this.jp >= 0 && this.jp <= 200)) return t('placements.form.badNumbers');
    return '';
  }

  private async save(status: PlacementStatus): Promise<void> {
    if (this.busy) return;
    const problem = this.validate();
    if (problem) {
      this.error = problem;
      return;
    }
    this.busy = true;
    this.error = '';
    const fields = {
      kind: this.kind,
      title: this.placementTitle.trim(),
      topic: this.topic.trim(),
      description: this.description.trim(),
      location: this.location.trim(),
      startsOn: this.startsOn,
      endsOn: this.endsOn,
      applyBy: this.applyBy,
      seats: this.seats,
      jp: this.jp,
      competencies: this.competencies.filter((c) => c.code.trim()).map((c) => ({ code: c.code.trim(), level: c.level })),
    };
    try {
      const saved = this.editing
        ? await updatePlacement(this.editing, { ...fields, status })
        : await createPlacement({ ...fields, ...(this.admin && this.hostUnitId ? { hostUnitId: this.hostUnitId } : {}), ...(this.admin && this.partnerId ? { partnerId: this.partnerId } : {}), status: status === 'draft' ? 'draft' : 'open' });
      announce(t('placements.form.saved', { title: saved.title }));
      router.navigate(`/placements/${saved.id}`);
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private onSubmit(event: Event): void {
    event.preventDefault();
    void this.save(this.editing ? this.status : 'open');
  }

  private renderForm() {
    const value = (e: Event) => (e.target as HTMLInputElement).value;
    return html`<form novalidate @submit=${this.onSubmit} aria-busy=${this.busy ? 'true' : 'false'} data-testid="placement-form">
      <div class="form-grid">
        <div class="field">
          <label for="pl-kind">${t('placements.form.kind')}</label>
          <select id="pl-kind" @change=${(e: Event) => (this.kind = value(e) as PlacementKind)}>
            ${placementKinds.map((k) => html`<option value=${k} .selected=${k === this.kind}>${t(`placements.kinds.${k}`)}</option>`)}
          </select>
        </div>
        ${this.editing
          ? html`<div class="field">
              <label for="pl-status">${t('placements.form.status')}</label>
              <select id="pl-status" @change=${(e: Event) => (this.status = value(e) as PlacementStatus)}>
                ${placementStatuses.map((s) => html`<option value=${s} .selected=${s === this.status}>${t(`placements.status.${s}`)}</option>`)}
              </select>
            </div>`
          : nothing}
        ${!this.editing && this.admin
          ? html`<div class="field">
              <label for="pl-unit">${t('placements.form.hostUnit')}</label>
              <select id="pl-unit" @change=${(e: Event) => (this.hostUnitId = Number(value(e)))}>
                <option value="0">${t('placements.form.hostUnitNone')}</option>
                ${unitTree(this.units).map((n) => html`<option value=${String(n.unit.id)}>${'\u00a0\u00a0'.repeat(n.depth)}${n.unit.name}</option>`)}
              </select>
            </div>
            <div class="field">
              <label for="pl-partner">${t('placements.form.partner')}</label>
              <select id="pl-partner" @change=${(e: Event) => (this.partnerId = Number(value(e)))}>
                <option value="0">${t('placements.form.partnerNone')}</option>
                ${this.partners.map((p) => html`<option value=${String(p.id)}>${p.name}</option>`)}
              </select>
            </div>`
          : nothing}
      </div>
      <div class="field">
        <label for="pl-title">${t('placements.form.title')}</label>
        <input id="pl-title" required minlength="3" maxlength="200" .value=${this.placementTitle} @input=${(e: Event) => (this.placementTitle = value(e))} />
      </div>
      <div class="field">
        <label for="pl-topic">${t('placements.form.topic')}</label>
        <input id="pl-topic" required maxlength="300" .value=${this.topic} @input=${(e: Event) => (this.topic = value(e))} />
      </div>
      <div class="field">
        <label for="pl-description">${t('placements.form.description')}</label>
        <textarea id="pl-description" class="tall" required maxlength="10000" .value=${this.description} @input=${(e: Event) => (this.description = value(e))}></textarea>
      </div>
      <div class="field">
        <label for="pl-location">${t('placements.form.location')}</label>
        <input id="pl-location" required maxlength="300" .value=${this.location} @input=${(e: Event) => (this.location = value(e))} />
      </div>
      <div class="form-grid">
        <div class="field">
          <label for="pl-apply">${t('placements.form.applyBy')}</label>
          <input id="pl-apply" type="date" required min=${today()} .value=${this.applyBy} @input=${(e: Event) => (this.applyBy = value(e))} />
        </div>
        <div class="field">
          <label for="pl-starts">${t('placements.form.startsOn')}</label>
          <input id="pl-starts" type="date" required .value=${this.startsOn} @input=${(e: Event) => (this.startsOn = value(e))} />
        </div>
        <div class="field">
          <label for="pl-ends">${t('placements.form.endsOn')}</label>
          <input id="pl-ends" type="date" required min=${this.startsOn} .value=${this.endsOn} @input=${(e: Event) => (this.endsOn = value(e))} />
        </div>
        <div class="field">
          <label for="pl-seats">${t('placements.form.seats')}</label>
          <input id="pl-seats" type="number" min="1" max="500" required .value=${String(this.seats)} @input=${(e: Event) => (this.seats = Number(value(e)))} />
        </div>
        <div class="field">
          <label for="pl-jp">${t('placements.form.jp')}</label>
          <input id="pl-jp" type="number" min="0" max="200" step="0.5" required .value=${String(this.jp)} @input=${(e: Event) => (this.jp = Number(value(e)))} />
        </div>
      </div>
      <fieldset>
        <legend>${t('placements.form.competencies')}</legend>
        <sinau-competency-rows .competencies=${this.competencies} @sinau-competencies-change=${(e: CustomEvent<Competency[]>) => (this.competencies = e.detail)}></sinau-competency-rows>
      </fieldset>
      ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : nothing}
      <div class="actions row">
        <button type="submit" ?disabled=${this.busy}>${this.editing ? t('placements.form.save') : t('placements.form.publish')}</button>
        ${!this.editing && this.admin
          ? html`<button type="button" class="secondary" ?disabled=${this.busy} @click=${() => this.save('draft')}>${t('placements.form.saveDraft')}</button>`
          : nothing}
      </div>
    </form>`;
  }

  override render() {
    const heading = this.editing ? t('placements.form.editTitle') : t('placements.form.newTitle');
    const back = this.editing ? `/placements/${this.editing}` : '/placements';
    return html`<p class="crumbs"><a href=${back}>${t('placements.detail.back')}</a></p>
      <h1>${heading}</h1>
      ${this.loadError
        ? html`<sinau-alert variant="error">${describeError(this.loadError)}</sinau-alert>`
        : this.loaded
          ? this.renderForm()
          : html`<sinau-loading .label=${t('placements.form.loading')}></sinau-loading>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-placement-form-page': SinauPlacementFormPage;
  }
}
