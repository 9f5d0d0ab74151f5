import { css } from 'lit';

/**
 * The competency chart: legend swatches, one disclosure row per competency with its five level
 * cells (proven filled, missing striped, the standard marked by a post), and the details inside.
 */
export const chartStyles = css`
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sinau-space-3);
    align-items: center;
    justify-content: space-between;
    margin-bottom: var(--sinau-space-3);
  }
  ul.legend {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sinau-space-1) var(--sinau-space-4);
    list-style: none;
    margin: 0;
    padding: 0;
    font-size: 0.9rem;
  }
  ul.legend li {
    display: inline-flex;
    align-items: center;
    gap: var(--sinau-space-2);
  }
  .swatch {
    display: inline-block;
    width: 1.25rem;
    height: 0.9rem;
    border-radius: 3px;
    border: 1px solid var(--sinau-color-border);
  }
  .swatch.attained,
  .cell.attained {
    background: var(--sinau-color-primary);
    border-color: var(--sinau-color-primary);
    color: var(--sinau-color-on-primary);
  }
  .swatch.missing,
  .cell.missing {
    background: repeating-linear-gradient(135deg, var(--sinau-color-danger-bg) 0 4px, #f6c9c4 4px 8px);
    border-color: var(--sinau-color-danger);
    color: var(--sinau-color-danger);
  }
  .swatch.standard {
    width: 0.3rem;
    height: 1.2rem;
    border: 0;
    background: var(--sinau-color-text);
  }
  h3 {
    margin-top: var(--sinau-space-4);
  }
  h3 .count {
    font-weight: normal;
    color: var(--sinau-color-muted);
    font-size: 1rem;
  }
  ul.rows {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--sinau-space-2);
  }
  details.competency {
    border: 1px solid var(--sinau-color-border);
    border-radius: var(--sinau-radius);
    background: var(--sinau-color-surface);
  }
  details.competency.short {
    border-left: 0.35rem solid var(--sinau-color-danger);
  }
  details.competency.met {
    border-left: 0.35rem solid var(--sinau-color-success);
  }
  summary {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr);
    gap: var(--sinau-space-1) var(--sinau-space-3);
    align-items: center;
    padding: var(--sinau-space-3);
    cursor: pointer;
    list-style: none;
    border-radius: var(--sinau-radius);
  }
  summary::-webkit-details-marker {
    display: none;
  }
  summary:hover {
    background: #f7f9fa;
  }
  .chevron {
    grid-row: span 3;
    width: 0.6rem;
    height: 0.6rem;
    border: solid var(--sinau-color-muted);
    border-width: 0 2px 2px 0;
    transform: rotate(-45deg);
    transition: transform 0.15s ease;
    margin: 0 var(--sinau-space-1);
  }
  details[open] > summary .chevron {
    transform: rotate(45deg);
  }
  @media (prefers-reduced-motion: reduce) {
    .chevron {
      transition: none;
    }
  }
  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .code {
    font-variant-numeric: tabular-nums;
    color: var(--sinau-color-muted);
    margin-right: var(--sinau-space-1);
  }
  .bar {
    display: grid;
    grid-template-columns: repeat(5, 1fr);
    gap: 3px;
    max-width: 20rem;
  }
  .cell {
    position: relative;
    height: 1.5rem;
    border: 1px solid var(--sinau-color-border);
    border-radius: 3px;
    background: #eef1f4;
    color: var(--sinau-color-muted);
    font-size: 0.75rem;
    font-weight: 700;
    display: flex;
    align-items: center;
    justify-content: center;
  }
  /* The standard: a dark post at the right edge of the required level. */
  .cell.standard::after {
    content: '';
    position: absolute;
    right: -4px;
    top: -5px;
    bottom: -5px;
    width: 4px;
    border-radius: 2px;
    background: var(--sinau-color-text);
  }
  .figures {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--sinau-space-3);
    font-size: 0.9rem;
  }
  .figures .gap {
    color: var(--sinau-color-danger);
    font-weight: 700;
  }
  .figures .ok {
    color: var(--sinau-color-success);
    font-weight: 700;
  }
  @media (min-width: 52rem) {
    summary {
      grid-template-columns: auto minmax(12rem, 1fr) minmax(12rem, 18rem) minmax(11rem, 14rem);
    }
    .chevron {
      grid-row: auto;
    }
  }
  .more {
    padding: 0 var(--sinau-space-4) var(--sinau-space-4);
    border-top: 1px solid var(--sinau-color-border);
  }
  .more h4 {
    font-size: 1rem;
    margin: var(--sinau-space-3) 0 var(--sinau-space-2);
  }
  ul.evidence {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--sinau-space-2);
  }
  ul.evidence li {
    padding-left: var(--sinau-space-3);
    border-left: 3px solid var(--sinau-color-border);
  }
  ul.evidence li.supports {
    border-left-color: var(--sinau-color-primary);
  }
  ul.evidence p {
    margin: 0;
  }
  details.levels > summary {
    display: list-item;
    padding: var(--sinau-space-2) 0;
    font-weight: 600;
    color: var(--sinau-color-link);
  }
  details.levels > summary:hover {
    background: none;
    text-decoration: underline;
  }
  ol.levels {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--sinau-space-3);
  }
  ol.levels li {
    padding: var(--sinau-space-2) var(--sinau-space-3);
    border-radius: var(--sinau-radius);
    background: #f7f9fa;
  }
  ol.levels ul {
    margin: var(--sinau-space-1) 0 0;
    padding-left: var(--sinau-space-5);
  }
  .level-title {
    font-weight: 700;
    margin-right: var(--sinau-space-2);
  }
`;
