import { css } from 'lit';

/** The room's layout: the stage beside the panels on a wide screen, above them on a phone. */
export const roomStyles = css`
  h1 {
    overflow-wrap: anywhere;
    margin-bottom: var(--sinau-space-2);
  }
  .crumbs {
    font-size: 0.9rem;
    margin-bottom: var(--sinau-space-2);
  }
  .facts {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--sinau-space-2) var(--sinau-space-3);
    margin: 0 0 var(--sinau-space-4);
  }
  .badge.live {
    background: var(--sinau-color-danger-bg);
    color: var(--sinau-color-danger);
  }
  .connection {
    font-weight: 600;
    color: var(--sinau-color-warning);
  }
  .room {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--sinau-space-4);
    align-items: start;
  }
  @media (min-width: 60rem) {
    .room {
      grid-template-columns: minmax(0, 2fr) minmax(20rem, 1fr);
    }
    .side {
      position: sticky;
      top: var(--sinau-space-3);
    }
  }
  .main-column > * + * {
    margin-top: var(--sinau-space-4);
  }
  .lobby {
    text-align: center;
    padding: var(--sinau-space-6) var(--sinau-space-4);
  }
  .lobby h2 {
    font-size: 1.2rem;
  }
  .hand-bar {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sinau-space-3);
    align-items: center;
  }
  .hand-bar p {
    margin: 0;
  }
  button[aria-pressed='true'].toggle {
    background: var(--sinau-color-warning-bg);
    color: var(--sinau-color-warning);
    border-color: var(--sinau-color-warning);
  }
  .side {
    background: var(--sinau-color-surface);
    border: 1px solid var(--sinau-color-border);
    border-radius: var(--sinau-radius);
    box-shadow: var(--sinau-shadow);
    min-width: 0;
  }
  /* Every tab stays in view, however narrow: long names wrap inside their tab. */
  [role='tablist'] {
    display: flex;
    border-bottom: 1px solid var(--sinau-color-border);
  }
  [role='tab'] {
    flex: 1 1 0;
    min-width: 0;
    min-height: 2.75rem;
    border: 0;
    border-bottom: 3px solid transparent;
    border-radius: 0;
    background: none;
    color: var(--sinau-color-text);
    padding: var(--sinau-space-2) var(--sinau-space-1);
    font-weight: 600;
    font-size: 0.95rem;
    line-height: 1.2;
    overflow-wrap: anywhere;
  }
  [role='tab']:hover {
    background: var(--sinau-color-primary-soft);
    border-color: transparent;
    border-bottom-color: var(--sinau-color-border);
  }
  [role='tab'][aria-selected='true'] {
    color: var(--sinau-color-primary);
    border-bottom-color: var(--sinau-color-primary);
  }
  [role='tab']:focus-visible {
    outline-offset: -3px;
  }
  .unread {
    display: inline-block;
    min-width: 1.4rem;
    padding: 0 0.35rem;
    border-radius: 999px;
    background: var(--sinau-color-danger);
    color: #fff;
    font-size: 0.8rem;
    line-height: 1.4rem;
  }
  [role='tabpanel'] {
    padding: var(--sinau-space-3) var(--sinau-space-4) var(--sinau-space-4);
  }
  @media (max-width: 30rem) {
    [role='tabpanel'] {
      padding: var(--sinau-space-3);
    }
  }
  .attention-banner {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sinau-space-2) var(--sinau-space-3);
    align-items: center;
  }
`;

/** What the panels (chat, questions, polls, participants) share. */
export const panelStyles = css`
  h2 {
    font-size: 1.1rem;
  }
  .items {
    list-style: none;
    padding: 0;
    margin: 0 0 var(--sinau-space-3);
  }
  .items > li {
    padding: var(--sinau-space-2) 0;
    border-bottom: 1px solid var(--sinau-color-border);
    overflow-wrap: anywhere;
  }
  .items > li:last-child {
    border-bottom: 0;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--sinau-space-2);
    font-size: 0.85rem;
    color: var(--sinau-color-muted);
  }
  .meta strong {
    color: var(--sinau-color-text);
  }
  .body {
    margin: var(--sinau-space-1) 0;
    white-space: pre-wrap;
  }
  .removed {
    font-style: italic;
    color: var(--sinau-color-muted);
  }
  .tools {
    display: flex;
    flex-wrap: wrap;
    gap: var(--sinau-space-2);
    margin-top: var(--sinau-space-1);
  }
  .tools button {
    min-height: 2.25rem;
    padding: var(--sinau-space-1) var(--sinau-space-3);
    font-size: 0.9rem;
  }
  .compose textarea {
    min-height: 4.5rem;
    font-family: inherit;
    font-size: 1rem;
  }
  .compose .row {
    justify-content: space-between;
  }
  .empty {
    color: var(--sinau-color-muted);
  }
  .scroll {
    max-height: min(50vh, 28rem);
    overflow-y: auto;
    overscroll-behavior: contain;
  }
  .count {
    font-size: 0.85rem;
    color: var(--sinau-color-muted);
  }
`;
