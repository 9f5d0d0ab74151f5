import { css } from 'lit';

export const appStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 100vh;
  }
  .skip-link {
    position: absolute;
    left: var(--sinau-space-2);
    top: -10rem;
    z-index: 100;
    padding: var(--sinau-space-2) var(--sinau-space-4);
    background: var(--sinau-color-surface);
    color: var(--sinau-color-link);
    font-weight: 700;
    border-radius: var(--sinau-radius);
  }
  .skip-link:focus {
    top: var(--sinau-space-2);
  }
  header {
    background: var(--sinau-color-primary);
    color: var(--sinau-color-on-primary);
  }
  header :focus-visible {
    outline-color: var(--sinau-color-focus-on-dark);
  }
  .bar,
  nav ul,
  main,
  .footer-inner {
    width: 100%;
    max-width: var(--sinau-content-width);
    margin: 0 auto;
  }
  .bar {
    display: flex;
    align-items: center;
    gap: var(--sinau-space-2) var(--sinau-space-3);
    padding: var(--sinau-space-2) var(--sinau-space-4);
    min-height: 3.5rem;
  }
  .brand {
    color: inherit;
    font-size: 1.4rem;
    font-weight: 800;
    letter-spacing: 0.02em;
    text-decoration: none;
    margin-right: auto;
    padding: var(--sinau-space-1) 0;
  }
  .tools {
    display: flex;
    align-items: center;
    gap: var(--sinau-space-2);
  }
  .menu-button {
    font: inherit;
    font-weight: 600;
    display: none;
    align-items: center;
    gap: var(--sinau-space-2);
    min-height: 2.75rem;
    padding: var(--sinau-space-1) var(--sinau-space-3);
    border: 2px solid currentColor;
    border-radius: var(--sinau-radius);
    background: transparent;
    color: inherit;
    cursor: pointer;
  }
  .burger,
  .burger::before,
  .burger::after {
    display: block;
    width: 1.1rem;
    height: 2px;
    background: currentColor;
    position: relative;
  }
  .burger::before,
  .burger::after {
    content: '';
    position: absolute;
  }
  .burger::before {
    top: -6px;
  }
  .burger::after {
    top: 6px;
  }
  nav {
    border-top: 1px solid rgb(255 255 255 / 0.25);
  }
  nav ul {
    list-style: none;
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--sinau-space-1);
    padding: 0 var(--sinau-space-2);
    margin-top: 0;
    margin-bottom: 0;
  }
  nav a,
  nav button {
    font: inherit;
    display: block;
    padding: var(--sinau-space-3) var(--sinau-space-3);
    color: inherit;
    text-decoration: none;
    border: 0;
    border-bottom: 4px solid transparent;
    background: none;
    cursor: pointer;
    width: 100%;
    text-align: left;
  }
  nav a:hover,
  nav button:hover {
    background: rgb(255 255 255 / 0.12);
  }
  nav a[aria-current='page'] {
    border-bottom-color: var(--sinau-color-on-primary);
    font-weight: 700;
  }
  nav .narrow-only {
    display: none;
  }
  @media (max-width: 60rem) {
    .menu-button {
      display: inline-flex;
    }
    sinau-user-menu {
      display: none;
    }
    nav:not(.open) {
      display: none;
    }
    nav ul {
      flex-direction: column;
      padding: var(--sinau-space-2);
    }
    nav a,
    nav button {
      border-bottom: 0;
      border-left: 4px solid transparent;
    }
    nav a[aria-current='page'] {
      border-left-color: var(--sinau-color-on-primary);
    }
    nav .narrow-only {
      display: block;
    }
    nav .separator {
      border-top: 1px solid rgb(255 255 255 / 0.25);
      margin-top: var(--sinau-space-2);
      padding-top: var(--sinau-space-2);
    }
    .user-name {
      padding: var(--sinau-space-2) var(--sinau-space-3) 0;
      opacity: 0.9;
      font-size: 0.9rem;
    }
  }
  main {
    flex: 1;
    padding: var(--sinau-space-5) var(--sinau-space-4) var(--sinau-space-6);
  }
  main:focus {
    outline: none;
  }
  footer {
    border-top: 1px solid var(--sinau-color-border);
    background: var(--sinau-color-surface);
    color: var(--sinau-color-muted);
    font-size: 0.9rem;
  }
  .footer-inner {
    padding: var(--sinau-space-3) var(--sinau-space-4);
  }
  .footer-inner p {
    margin: 0;
  }
`;
