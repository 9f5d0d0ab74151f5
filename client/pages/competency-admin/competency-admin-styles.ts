import { css } from 'lit';
import { pageStyles } from '../../styles/shared-styles.ts';
import { editorStyles } from '../authoring/editor-styles.ts';
import { quizAdminStyles } from '../quiz-admin/quiz-admin-styles.ts';

/**
 * The competency administration pages: the shared page, editor and row styles, plus what only
 * these pages have (sections, report lists, the heat-map's colour scale). quizAdminStyles
 * brings the breadcrumbs, figure tiles and reorderable rows.
 */
export const competencyAdminStyles = [
  ...pageStyles,
  editorStyles,
  ...quizAdminStyles,
  css`
    section + section {
      margin-top: var(--sinau-space-6);
    }
    /* Indicators and descriptions grow with their text where the browser can. */
    textarea.short {
      field-sizing: content;
      max-height: 20rem;
    }
    fieldset.plain {
      border: 0;
      padding: 0;
      margin: 0;
    }
    .card + .card {
      margin-top: var(--sinau-space-4);
    }
    .card > h2,
    .card > h3 {
      margin-top: 0;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: var(--sinau-space-2) var(--sinau-space-3);
      align-items: center;
      margin: 0 0 var(--sinau-space-3);
      color: var(--sinau-color-muted);
    }
    .code {
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      font-size: 0.9rem;
      white-space: nowrap;
    }
    .downloads {
      display: flex;
      flex-wrap: wrap;
      gap: var(--sinau-space-2);
      margin: var(--sinau-space-2) 0 var(--sinau-space-3);
    }
    .downloads .button {
      min-height: 2.5rem;
      padding: var(--sinau-space-1) var(--sinau-space-3);
    }
    ul.codes {
      margin: 0 0 var(--sinau-space-3);
      padding-left: 1.25rem;
    }
    .report-lists {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 12rem), 1fr));
      gap: var(--sinau-space-3);
    }
    .report-lists h3 {
      font-size: 1rem;
      margin-bottom: var(--sinau-space-1);
    }
    .filters {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 14rem), 1fr));
      gap: 0 var(--sinau-space-4);
      align-items: end;
    }
    .method {
      border: 1px solid var(--sinau-color-border);
      border-radius: var(--sinau-radius);
      padding: var(--sinau-space-2) var(--sinau-space-3);
      margin-bottom: var(--sinau-space-2);
    }
    .method .check {
      font-weight: 600;
    }
    .method .hint {
      margin-left: calc(1.25rem + var(--sinau-space-2));
    }
    input.level,
    select.level {
      max-width: 14rem;
    }

    /* Visually hidden text in a cell is absolutely positioned: without this it would escape
       the scrolling box and widen the page on a phone. */
    .table-scroll {
      position: relative;
    }
    table.compact thead th {
      white-space: normal;
    }
    /* Heat-map: the office column stays in view while the competencies scroll sideways. */
    table.heat {
      min-width: 0;
      width: auto;
    }
    table.heat th[scope='row'] {
      position: sticky;
      left: 0;
      z-index: 1;
      background: var(--sinau-color-surface);
      min-width: 13rem;
      max-width: 16rem;
      box-shadow: 1px 0 0 var(--sinau-color-border);
      overflow-wrap: normal;
    }
    table.heat th[scope='row'] .sub {
      display: block;
      font-weight: normal;
      font-size: 0.85rem;
      color: var(--sinau-color-muted);
    }
    table.heat td {
      vertical-align: middle;
    }
    @media (max-width: 40rem) {
      table.heat th[scope='row'] {
        min-width: 8.5rem;
        max-width: 10rem;
        font-size: 0.9rem;
      }
      table.heat th,
      table.heat td {
        padding: var(--sinau-space-2);
      }
    }
    table.heat thead th:first-child {
      position: sticky;
      left: 0;
      z-index: 2;
    }
    table.heat td.cell {
      text-align: center;
      font-variant-numeric: tabular-nums;
      font-weight: 600;
      min-width: 4rem;
      white-space: nowrap;
    }
    /* Five bands, light enough that the dark text stays readable on every one. */
    .band-0 {
      background: #f8d7d3;
    }
    .band-1 {
      background: #fce3c4;
    }
    .band-2 {
      background: #fdf3c2;
    }
    .band-3 {
      background: #dcefc9;
    }
    .band-4 {
      background: #b9e2c0;
    }
    .band-none {
      background: #f1f3f5;
      color: var(--sinau-color-muted);
      font-weight: normal;
    }
    ul.legend {
      display: flex;
      flex-wrap: wrap;
      gap: var(--sinau-space-2);
      list-style: none;
      padding: 0;
      margin: var(--sinau-space-2) 0 var(--sinau-space-3);
      font-size: 0.9rem;
    }
    ul.legend li {
      padding: 0 var(--sinau-space-2);
      border-radius: var(--sinau-radius);
      border: 1px solid var(--sinau-color-border);
    }
  `,
];
