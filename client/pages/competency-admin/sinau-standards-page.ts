import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import {
  getPositionStandard,
  getTierStandards,
  listFrameworks,
  saveTierStandards,
  setPositionStandard,
  type Framework,
  type PositionStandard,
  type StandardChange,
  type TierLevels,
} from '../../api/competency-admin.ts';
import { listPositions, listUnits, tiers, type Position, type Tier, type Unit } from '../../api/org.ts';
import { announce } from '../../announce.ts';
import { LoadController } from '../../controllers/load-controller.ts';
import { describeError } from '../../errors.ts';
import { LocaleController, t } from '../../i18n.ts';
import { router } from '../../router.ts';
import { SessionController } from '../../session.ts';
import { unitOptions, unitsInScope } from '../admin/unit-tree.ts';
import { competencyAdminStyles } from './competency-admin-styles.ts';
import { allCompetencies, competencyOptions, isCityAdmin, kindLabel } from './competency-admin-shared.ts';
import '../../components/sinau-alert.ts';
import '../../components/sinau-loading.ts';
import './sinau-competency-admin-nav.ts';

const LEVELS = [0, 1, 2, 3, 4, 5] as const;

function idFrom(value: string | null): number | null {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : null;
}

/**
 * Competency standards: the default level of managerial and socio-cultural competencies per
 * tier (city-wide admins), and per position the required levels — overriding the tier's
 * default, or adding technical competencies (admins of the position's office).
 */
@customElement('sinau-standards-page')
export class SinauStandardsPage extends LitElement {
  static override styles = competencyAdminStyles;

  /** Query of the address: unitId and positionId pre-select the office and position. */
  @property({ attribute: false }) query = new URLSearchParams();

  @state() private unitId: number | null = null;
  @state() private positionId: number | null = null;
  @state() private tierDraft: Partial<TierLevels> = {};
  @state() private tierNote = '';
  @state() private tierError = '';
  /** Levels changed or added for the open position, not yet saved (code → level). */
  @state() private changes = new Map<string, number | 'default'>();
  @state() private addCode = '';
  @state() private addLevel = 1;
  @state() private addError = '';
  @state() private note = '';
  @state() private error = '';
  @state() private busy = false;

  private readonly locale = new LocaleController(this);
  private readonly session = new SessionController(this);
  private readonly tierLevels = new LoadController<TierLevels>(this, (signal) => getTierStandards(signal));
  private readonly frameworks = new LoadController<Framework[]>(this, (signal) => listFrameworks(signal));
  private readonly units = new LoadController<Unit[]>(this, (signal) => listUnits(signal));
  private readonly positions = new LoadController<Position[] | null>(this, (signal) =>
    this.unitId === null ? Promise.resolve(null) : listPositions(this.unitId, signal),
  );
  private readonly standard = new LoadController<PositionStandard | null>(this, (signal) =>
    this.positionId === null ? Promise.resolve(null) : getPositionStandard(this.positionId, signal),
  );

  override connectedCallback(): void {
    const scope = this.session.me?.adminScope ?? null;
    this.unitId = idFrom(this.query.get('unitId')) ?? (scope?.length === 1 ? scope[0]!.id : null);
    this.positionId = this.unitId === null ? null : idFrom(this.query.get('positionId'));
    super.connectedCallback();
  }

  // ---- Tier defaults ---------------------------------------------------------------------------
  private async saveTiers(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const current = this.tierLevels.value;
    if (this.busy || !current) return;
    const changed = Object.fromEntries(Object.entries(this.tierDraft).filter(([tier, level]) => current[tier as Tier] !== level)) as Partial<TierLevels>;
    this.tierNote = '';
    this.tierError = '';
    if (!Object.keys(changed).length) {
      this.tierNote = t('competencyAdmin.standards.nothingChanged');
      announce(this.tierNote);
      return;
    }
    this.busy = true;
    try {
      this.tierLevels.value = await saveTierStandards(changed);
      this.tierDraft = {};
      this.tierNote = t('competencyAdmin.standards.tierSaved');
      announce(this.tierNote);
      // The open position's defaults follow its tier.
      if (this.positionId !== null) void this.standard.run();
    } catch (error) {
      this.tierError = describeError(error);
    } finally {
      this.busy = false;
    }
  }

  private renderTiers() {
    const levels = this.tierLevels.value;
    let body;
    if (this.tierLevels.error) body = html`<sinau-alert variant="error">${describeError(this.tierLevels.error)}</sinau-alert>`;
    else if (!levels) body = html`<sinau-loading></sinau-loading>`;
    else {
      const canEdit = isCityAdmin(this.session.me);
      body = html`<form novalidate @submit=${this.saveTiers}>
        <fieldset ?disabled=${!canEdit}>
          <legend>${t('competencyAdmin.standards.tierLegend')}</legend>
          <div class="form-grid">
            ${tiers.map(
              (tier) => html`<div class="field">
                <label for=${`tier-${tier}`}>${t(`tiers.${tier}`)}</label>
                <select
                  id=${`tier-${tier}`}
                  class="level"
                  @change=${(e: Event) => (this.tierDraft = { ...this.tierDraft, [tier]: Number((e.target as HTMLSelectElement).value) })}
                >
                  ${LEVELS.map((level) => html`<option value=${String(level)} .selected=${(this.tierDraft[tier] ?? levels[tier]) === level}>${this.levelText(level)}</option>`)}
                </select>
              </div>`,
            )}
          </div>
        </fieldset>
        ${this.tierError ? html`<sinau-alert variant="error">${this.tierError}</sinau-alert>` : nothing}
        ${this.tierNote ? html`<sinau-alert variant="success">${this.tierNote}</sinau-alert>` : nothing}
        ${canEdit
          ? html`<div class="actions"><button type="submit" aria-disabled=${this.busy ? 'true' : 'false'}>${t('competencyAdmin.standards.tierSave')}</button></div>`
          : html`<p class="hint">${t('competencyAdmin.cityOnly')}</p>`}
      </form>`;
    }
    return html`<section aria-labelledby="tier-heading">
      <h2 id="tier-heading">${t('competencyAdmin.standards.tierHeading')}</h2>
      <p>${t('competencyAdmin.standards.tierIntro')}</p>
      ${body}
    </section>`;
  }

  private levelText(level: number): string {
    return level === 0 ? t('competencyAdmin.standards.notRequired') : t('competencyAdmin.standards.level', { level });
  }

  // ---- One position ----------------------------------------------------------------------------
  private onUnit(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.unitId = value ? Number(value) : null;
    this.positionId = null;
    this.resetPosition();
    router.replaceQuery({ unitId: this.unitId });
    this.positions.value = undefined;
    void this.positions.run();
    this.standard.value = null;
  }

  private onPosition(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    this.positionId = value ? Number(value) : null;
    this.resetPosition();
    router.replaceQuery({ unitId: this.unitId, positionId: this.positionId });
    this.standard.value = undefined;
    void this.standard.run();
  }

  private resetPosition(): void {
    this.changes = new Map();
    this.note = '';
    this.error = '';
    this.addError = '';
    this.addCode = '';
  }

  private setChange(code: string, value: string, stored: number): void {
    const changes = new Map(this.changes);
    const level = value === 'default' ? 'default' : Number(value);
    if (level === stored && !this.isAdded(code)) changes.delete(code);
    else changes.set(code, level);
    this.changes = changes;
    this.note = '';
  }

  private isAdded(code: string): boolean {
    return !(this.standard.value?.competencies.some((row) => row.code === code) ?? false);
  }

  private addTechnical(): void {
    this.addError = '';
    if (!this.addCode) {
      this.addError = t('competencyAdmin.standards.chooseCompetencyFirst');
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#add-competency')?.focus());
      return;
    }
    const code = this.addCode;
    this.changes = new Map(this.changes).set(code, this.addLevel);
    this.addCode = '';
    this.note = '';
    announce(t('competencyAdmin.standards.added', { code, level: this.addLevel }));
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#level-${CSS.escape(code)}`)?.focus());
  }

  private async saveStandard(): Promise<void> {
    const positionId = this.positionId;
    if (this.busy || positionId === null) return;
    this.note = '';
    this.error = '';
    const levels: StandardChange[] = [...this.changes].map(([code, level]) => ({ code, level }));
    if (!levels.length) {
      this.note = t('competencyAdmin.standards.nothingChanged');
      announce(this.note);
      return;
    }
    this.busy = true;
    try {
      const saved = await setPositionStandard(positionId, levels);
      this.standard.value = saved;
      this.changes = new Map();
      this.note = t('competencyAdmin.standards.saved', { position: saved.position.name });
      announce(this.note);
    } catch (error) {
      this.error = describeError(error);
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#standard-result')?.focus();
  }

  private renderStandard(standard: PositionStandard, frameworks: Framework[]) {
    const everything = new Map(allCompetencies(frameworks).map((c) => [c.code, c]));
    const rows: { code: string; name: string; kind: string; level: number; from: 'tier' | 'position' | 'new' }[] = [
      ...standard.competencies.map((row) => ({ ...row })),
      ...[...this.changes.keys()]
        .filter((code) => this.isAdded(code))
        .map((code) => ({ code, name: everything.get(code)?.name ?? code, kind: everything.get(code)?.kind ?? 'teknis', level: 0, from: 'new' as const })),
    ];
    const listed = new Set(rows.map((row) => row.code));
    const tierName = (tiers as readonly string[]).includes(standard.position.tier) ? t(`tiers.${standard.position.tier as Tier}`) : standard.position.tier;
    return html`<p class="meta"><span>${t('competencyAdmin.standards.tierLine', { tier: tierName })}</span></p>
      ${rows.length
        ? html`<div class="table-scroll" role="region" aria-labelledby="standard-caption" tabindex="0">
            <table class="cards" role="table" data-testid="position-standard">
              <caption id="standard-caption">${t('competencyAdmin.standards.caption', { position: standard.position.name })}</caption>
              <thead role="rowgroup">
                <tr role="row">
                  <th role="columnheader" scope="col">${t('competencyAdmin.standards.colCompetency')}</th>
                  <th role="columnheader" scope="col">${t('competencyAdmin.standards.colKind')}</th>
                  <th role="columnheader" scope="col">${t('competencyAdmin.standards.colLevel')}</th>
                  <th role="columnheader" scope="col">${t('competencyAdmin.standards.colFrom')}</th>
                </tr>
              </thead>
              <tbody role="rowgroup">
                ${rows.map((row) => {
                  const pending = this.changes.get(row.code);
                  const value = pending === undefined ? String(row.level) : String(pending);
                  return html`<tr role="row" data-code=${row.code}>
                    <td role="cell" data-label=${t('competencyAdmin.standards.colCompetency')}><span><span class="code">${row.code}</span> ${row.name}</span></td>
                    <td role="cell" data-label=${t('competencyAdmin.standards.colKind')}>${kindLabel(row.kind)}</td>
                    <td role="cell" data-label=${t('competencyAdmin.standards.colLevel')}>
                      <label class="visually-hidden" for=${`level-${row.code}`}>${t('competencyAdmin.standards.levelFor', { code: row.code, name: row.name })}</label>
                      <select id=${`level-${row.code}`} class="level" @change=${(e: Event) => this.setChange(row.code, (e.target as HTMLSelectElement).value, row.level)}>
                        ${LEVELS.map((level) => html`<option value=${String(level)} .selected=${value === String(level)}>${this.levelText(level)}</option>`)}
                        ${row.from === 'new' ? nothing : html`<option value="default" .selected=${value === 'default'}>${t('competencyAdmin.standards.backToDefault')}</option>`}
                      </select>
                    </td>
                    <td role="cell" data-label=${t('competencyAdmin.standards.colFrom')}>
                      <span class=${row.from === 'position' ? 'badge update' : row.from === 'new' ? 'badge create' : 'badge inactive'}
                        >${t(`competencyAdmin.standards.from.${row.from}`)}</span
                      >
                      ${pending !== undefined && row.from !== 'new' ? html` <span class="badge create">${t('competencyAdmin.standards.pending')}</span>` : nothing}
                    </td>
                  </tr>`;
                })}
              </tbody>
            </table>
          </div>`
        : html`<p class="empty">${t('competencyAdmin.standards.empty')}</p>`}
      <fieldset>
        <legend>${t('competencyAdmin.standards.addLegend')}</legend>
        <p class="hint">${t('competencyAdmin.standards.addHint')}</p>
        <div class="inline-fields">
          <div class="field">
            <label for="add-competency">${t('competencyAdmin.standards.addCompetency')}</label>
            <select
              id="add-competency"
              aria-invalid=${this.addError ? 'true' : 'false'}
              aria-describedby=${this.addError ? 'add-error' : nothing}
              @change=${(e: Event) => (this.addCode = (e.target as HTMLSelectElement).value)}
            >
              <option value="" .selected=${this.addCode === ''}>${t('competencyAdmin.standards.chooseCompetency')}</option>
              ${competencyOptions(frameworks, this.addCode, (c) => c.kind === 'teknis' && !listed.has(c.code))}
            </select>
            ${this.addError ? html`<p id="add-error" class="field-error">${this.addError}</p>` : nothing}
          </div>
          <div class="field">
            <label for="add-level">${t('competencyAdmin.standards.addLevel')}</label>
            <select id="add-level" class="level" @change=${(e: Event) => (this.addLevel = Number((e.target as HTMLSelectElement).value))}>
              ${LEVELS.filter((l) => l > 0).map((level) => html`<option value=${String(level)} .selected=${this.addLevel === level}>${this.levelText(level)}</option>`)}
            </select>
          </div>
        </div>
        <button type="button" class="secondary" @click=${this.addTechnical}>${t('competencyAdmin.standards.add')}</button>
      </fieldset>
      <div id="standard-result" tabindex="-1" data-testid="standard-result">
        ${this.error ? html`<sinau-alert variant="error">${this.error}</sinau-alert>` : nothing}
        ${this.note ? html`<sinau-alert variant=${this.changes.size ? 'info' : 'success'}>${this.note}</sinau-alert>` : nothing}
      </div>
      <div class="actions">
        <button type="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.saveStandard}>
          ${t('competencyAdmin.standards.save')}${this.changes.size ? ` (${t('competencyAdmin.standards.changeCount', { count: this.changes.size })})` : ''}
        </button>
      </div>`;
  }

  private renderPositions() {
    const units = unitsInScope(this.units.value ?? [], this.session.me?.adminScope ?? null);
    const positions = [...(this.positions.value ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'id'));
    const error = this.units.error ?? this.positions.error ?? this.standard.error ?? this.frameworks.error;
    // A position from the address that is not one of this office's is not shown.
    const unknownPosition = this.positions.value && !positions.some((p) => p.id === this.positionId);
    let body;
    if (error) body = html`<sinau-alert variant="error">${describeError(error)}</sinau-alert>`;
    else if (this.positionId === null || unknownPosition) body = html`<p class="muted">${t('competencyAdmin.standards.choosePositionFirst')}</p>`;
    else if (!this.standard.value || !this.frameworks.value) body = html`<sinau-loading></sinau-loading>`;
    else body = this.renderStandard(this.standard.value, this.frameworks.value);
    return html`<section aria-labelledby="position-heading">
      <h2 id="position-heading">${t('competencyAdmin.standards.positionHeading')}</h2>
      <p>${t('competencyAdmin.standards.positionIntro')}</p>
      <div class="filters">
        <div class="field">
          <label for="standard-unit">${t('competencyAdmin.standards.office')}</label>
          <select id="standard-unit" @change=${this.onUnit}>
            <option value="" .selected=${this.unitId === null}>${t('competencyAdmin.standards.chooseOffice')}</option>
            ${unitOptions(units, this.unitId)}
          </select>
        </div>
        <div class="field">
          <label for="standard-position">${t('competencyAdmin.standards.position')}</label>
          <select id="standard-position" ?disabled=${this.unitId === null || !this.positions.value} @change=${this.onPosition}>
            <option value="" .selected=${this.positionId === null}>
              ${this.positions.value && !positions.length ? t('competencyAdmin.standards.noPositions') : t('competencyAdmin.standards.choosePosition')}
            </option>
            ${positions.map(
              (p) => html`<option value=${String(p.id)} .selected=${p.id === this.positionId}>${p.name} (${t(`tiers.${p.tier}`)})</option>`,
            )}
          </select>
        </div>
      </div>
      ${body}
    </section>`;
  }

  override render() {
    return html`<sinau-competency-admin-nav current="/admin/competencies/standards"></sinau-competency-admin-nav>
      <h1>${t('competencyAdmin.standards.title')}</h1>
      <p class="lead">${t('competencyAdmin.standards.intro')}</p>
      ${this.renderTiers()} ${this.renderPositions()}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sinau-standards-page': SinauStandardsPage;
  }
}
