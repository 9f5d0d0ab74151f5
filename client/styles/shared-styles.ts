import { css } from 'lit';

/** Base rules every Sinau element starts from: box model, typography, focus ring, helpers. */
export const baseStyles = css`
  :host {
    display: block;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  h1,
  h2,
  h3 {
    line-height: 1.25;
    margin: 0 0 var(--sinau-space-3);
  }
  h1 {
    font-size: 1.75rem;
  }
  h2 {
    font-size: 1.3rem;
  }
  h3 {
    font-size: 1.1rem;
  }
  p {
    margin: 0 0 var(--sinau-space-3);
  }
  a {
    color: var(--sinau-color-link);
    text-underline-offset: 0.15em;
  }
  a:hover {
    text-decoration-thickness: 2px;
  }
  :focus-visible {
    outline: 3px solid var(--sinau-color-focus);
    outline-offset: 2px;
  }
  /* Headings receive focus after navigation so screen readers start at the page title. */
  [tabindex='-1']:focus {
    outline: none;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .muted {
    color: var(--sinau-color-muted);
  }
  .lead {
    font-size: 1.05rem;
    color: var(--sinau-color-muted);
  }
  .card {
    background: var(--sinau-color-surface);
    border: 1px solid var(--sinau-color-border);
    border-radius: var(--sinau-radius);
    padding: var(--sinau-space-4);
    box-shadow: var(--sinau-shadow);
  }
  .stack > * + * {
    margin-top: var(--sinau-space-4);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sinau-space-3);
    align-items: center;
  }
  .page-header {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sinau-space-3);
    align-items: center;
    justify-content: space-between;
    margin-bottom: var(--sinau-space-4);
  }
  .page-header h1 {
    margin: 0;
  }
  dl.details {
    display: grid;
    grid-template-columns: minmax(8rem, max-content) 1fr;
    gap: var(--sinau-space-2) var(--sinau-space-4);
    margin: 0 0 var(--sinau-space-3);
  }
  dl.details dt {
    font-weight: 600;
    color: var(--sinau-color-muted);
  }
  dl.details dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  @media (max-width: 30rem) {
    dl.details {
      grid-template-columns: 1fr;
      gap: 0;
    }
    dl.details dd {
      margin-bottom: var(--sinau-space-2);
    }
  }
  .badge {
    display: inline-block;
    padding: 0 var(--sinau-space-2);
    border-radius: 999px;
    font-size: 0.85rem;
    font-weight: 600;
    background: var(--sinau-color-primary-soft);
    color: var(--sinau-color-primary);
    white-space: nowrap;
  }
  .badge.inactive {
    background: #eceff2;
    color: var(--sinau-color-muted);
  }
  .badge.reject {
    background: var(--sinau-color-danger-bg);
    color: var(--sinau-color-danger);
  }
  .badge.create {
    background: var(--sinau-color-success-bg);
    color: var(--sinau-color-success);
  }
  .badge.update {
    background: var(--sinau-color-info-bg);
    color: var(--sinau-color-info);
  }
`;

/** Buttons and button-looking links. */
export const buttonStyles = css`
  button,
  .button {
    font: inherit;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--sinau-space-2);
    min-height: 2.75rem;
    padding: var(--sinau-space-2) var(--sinau-space-4);
    border-radius: var(--sinau-radius);
    border: 2px solid var(--sinau-color-primary);
    background: var(--sinau-color-primary);
    color: var(--sinau-color-on-primary);
    font-weight: 600;
    text-decoration: none;
    cursor: pointer;
  }
  button:hover,
  .button:hover {
    background: var(--sinau-color-primary-hover);
    border-color: var(--sinau-color-primary-hover);
  }
  button.secondary,
  .button.secondary {
    background: var(--sinau-color-surface);
    color: var(--sinau-color-primary);
  }
  button.secondary:hover,
  .button.secondary:hover {
    background: var(--sinau-color-primary-soft);
  }
  button.danger {
    background: var(--sinau-color-danger);
    border-color: var(--sinau-color-danger);
  }
  button.link {
    min-height: auto;
    padding: 0;
    border: 0;
    background: none;
    color: var(--sinau-color-link);
    font-weight: inherit;
    text-decoration: underline;
    text-underline-offset: 0.15em;
  }
  button:disabled,
  button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sinau-space-3);
    margin-top: var(--sinau-space-4);
  }
`;

/** Labels, inputs, hints and error text. */
export const formStyles = css`
  form {
    margin: 0;
  }
  fieldset {
    border: 1px solid var(--sinau-color-border);
    border-radius: var(--sinau-radius);
    padding: var(--sinau-space-3) var(--sinau-space-4);
    margin: 0 0 var(--sinau-space-4);
    min-width: 0;
  }
  legend {
    font-weight: 600;
    padding: 0 var(--sinau-space-1);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: var(--sinau-space-1);
    margin-bottom: var(--sinau-space-4);
    min-width: 0;
  }
  label {
    font-weight: 600;
  }
  .check {
    display: flex;
    align-items: flex-start;
    gap: var(--sinau-space-2);
    font-weight: normal;
    margin: var(--sinau-space-1) 0;
  }
  .check input {
    width: 1.25rem;
    height: 1.25rem;
    margin: 0.15rem 0 0;
    flex: none;
    accent-color: var(--sinau-color-primary);
  }
  input:not([type='checkbox']):not([type='radio']),
  select,
  textarea {
    font: inherit;
    width: 100%;
    min-height: 2.75rem;
    padding: var(--sinau-space-2) var(--sinau-space-3);
    border: 1px solid var(--sinau-color-input-border);
    border-radius: var(--sinau-radius);
    background: var(--sinau-color-surface);
    color: var(--sinau-color-text);
  }
  input[type='file'] {
    padding: var(--sinau-space-2);
  }
  textarea {
    min-height: 8rem;
    resize: vertical;
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.9rem;
  }
  [aria-invalid='true'] {
    border-color: var(--sinau-color-danger) !important;
    border-width: 2px !important;
  }
  .hint {
    margin: 0;
    color: var(--sinau-color-muted);
    font-size: 0.9rem;
  }
  .field-error {
    margin: 0;
    color: var(--sinau-color-danger);
    font-weight: 600;
    font-size: 0.9rem;
  }
  .form-grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr));
    gap: 0 var(--sinau-space-4);
  }
`;

/**
 * Tables live in a focusable, labelled region that scrolls sideways on its own, so the page
 * itself never scrolls horizontally on a phone.
 */
export const tableStyles = css`
  .table-scroll {
    overflow-x: auto;
    max-width: 100%;
    border: 1px solid var(--sinau-color-border);
    border-radius: var(--sinau-radius);
    background: var(--sinau-color-surface);
  }
  table {
    border-collapse: collapse;
    width: 100%;
    min-width: 36rem;
  }
  table.compact {
    min-width: 0;
  }
  caption {
    text-align: left;
    font-weight: 600;
    padding: var(--sinau-space-3);
  }
  th,
  td {
    text-align: left;
    vertical-align: top;
    padding: var(--sinau-space-2) var(--sinau-space-3);
    border-top: 1px solid var(--sinau-color-border);
  }
  thead th {
    background: #eef1f4;
    font-size: 0.9rem;
    white-space: nowrap;
  }
  td.num,
  th.num {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  tbody tr:hover {
    background: #f7f9fa;
  }
  .empty {
    padding: var(--sinau-space-4);
    color: var(--sinau-color-muted);
  }
  /*
   * table.cards: on a phone each row becomes a card and each cell shows its column name
   * (from data-label). The explicit ARIA roles in the markup keep the table semantics that
   * display:block would otherwise drop.
   */
  @media (max-width: 40rem) {
    table.cards {
      min-width: 0;
    }
    table.cards thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
    }
    table.cards,
    table.cards tbody,
    table.cards tr,
    table.cards td,
    table.cards caption {
      display: block;
      width: 100%;
    }
    table.cards tr {
      border-top: 1px solid var(--sinau-color-border);
      padding: var(--sinau-space-2) 0;
    }
    table.cards td {
      display: grid;
      grid-template-columns: minmax(6rem, 35%) 1fr;
      gap: var(--sinau-space-2);
      border: 0;
      padding: var(--sinau-space-1) var(--sinau-space-3);
      overflow-wrap: anywhere;
    }
    table.cards td > * {
      justify-self: start;
    }
    table.cards td::before {
      content: attr(data-label);
      font-weight: 600;
      color: var(--sinau-color-muted);
      font-size: 0.9rem;
    }
    table.cards td.num {
      text-align: left;
    }
  }
`;

/** Everything a page needs. */
/** A modal <dialog>: fits a 360 px screen, dims the page behind it. */
export const dialogStyles = css`
  dialog {
    width: min(36rem, calc(100vw - 1.5rem));
    max-height: calc(100vh - 2rem);
    border: 1px solid var(--sinau-color-border);
    border-radius: var(--sinau-radius);
    padding: var(--sinau-space-4) var(--sinau-space-5);
    box-shadow: 0 12px 32px rgb(16 24 40 / 0.25);
    color: var(--sinau-color-text);
  }
  dialog::backdrop {
    background: rgb(16 24 40 / 0.45);
  }
  @media (max-width: 30rem) {
    dialog {
      padding: var(--sinau-space-4);
    }
  }
`;

/** Figure tiles (a list of big numbers with labels), as on reports: <ul class="stats"><li class="stat"><span class="number">. */
export const statStyles = css`
  .stats {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 9rem), 1fr));
    gap: var(--sinau-space-3);
    list-style: none;
    padding: 0;
    margin: 0 0 var(--sinau-space-4);
  }
  .stat {
    padding: var(--sinau-space-3) var(--sinau-space-4);
    border: 1px solid var(--sinau-color-border);
    border-radius: var(--sinau-radius);
    background: var(--sinau-color-primary-soft);
  }
  .stat .number {
    display: block;
    font-size: 1.75rem;
    font-weight: 800;
    color: var(--sinau-color-primary);
    line-height: 1.2;
  }
  .stat.warning .number {
    color: var(--sinau-color-warning);
  }
  .crumbs {
    font-size: 0.9rem;
    margin-bottom: var(--sinau-space-2);
  }
`;

export const pageStyles = [baseStyles, buttonStyles, formStyles, tableStyles];
