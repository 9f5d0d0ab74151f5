import { css } from 'lit';

/** Shared look of the course editor's nested parts (modules, lessons, rows). */
export const editorStyles = css`
  .item-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--sinau-space-2);
  }
  .item-head .toggle {
    flex: 1 1 12rem;
    min-width: 0;
    justify-content: flex-start;
    text-align: left;
    background: transparent;
    color: var(--sinau-color-text);
    border-color: transparent;
    padding-left: var(--sinau-space-2);
    font-weight: 600;
  }
  .item-head .toggle:hover {
    background: var(--sinau-color-primary-soft);
    border-color: transparent;
  }
  .item-head .toggle .name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    min-width: 0;
  }
  .caret {
    border: solid currentColor;
    border-width: 0 2px 2px 0;
    padding: 3px;
    transform: rotate(-45deg);
    flex: none;
    margin-right: var(--sinau-space-1);
  }
  [aria-expanded='true'] > .caret {
    transform: rotate(45deg);
  }
  .tools {
    display: flex;
    gap: var(--sinau-space-1);
    flex: none;
  }
  .tools button {
    min-width: 2.75rem;
    padding: var(--sinau-space-1) var(--sinau-space-2);
  }
  .tools button[aria-disabled='true'] {
    opacity: 0.4;
  }
  .key {
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.85rem;
    color: var(--sinau-color-muted);
  }
  .inline-fields {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 11rem), 1fr));
    gap: 0 var(--sinau-space-4);
    align-items: start;
  }
`;
