// The component's own styles, inside its shadow root. Adopted as a constructed stylesheet so a
// merchant page's Content-Security-Policy needs no 'unsafe-inline' for styles.
export const CSS = `
:host { display: block; font: 16px/1.4 system-ui, sans-serif; color: #1b1b1f; max-width: 420px; }
form { display: grid; gap: 12px; }
.row { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.field { display: grid; gap: 4px; align-content: start; }
label { font-weight: 600; font-size: 14px; }
.control { position: relative; }
input { box-sizing: border-box; width: 100%; font: inherit; padding: 10px 12px; border: 1px solid #8a8a94; border-radius: 6px; background: #fff; color: inherit; }
#number { padding-right: 64px; }
input:focus-visible, button:focus-visible { outline: 3px solid #2b59c3; outline-offset: 2px; }
input[aria-invalid="true"] { border-color: #b00020; border-width: 2px; }
.logo { position: absolute; right: 8px; top: 50%; transform: translateY(-50%); line-height: 0; }
.logo:empty { display: none; }
.network { font-size: 13px; color: #4a4a55; margin: 0; }
.network:empty, .error:empty { display: none; }
.error { color: #b00020; font-size: 14px; margin: 0; }
button { font: inherit; font-weight: 600; padding: 12px; border: 0; border-radius: 6px; background: #2b59c3; color: #fff; cursor: pointer; }
button[disabled] { background: #8a8a94; cursor: default; }
.status { margin: 0; min-height: 1.4em; }
.status[data-kind="success"] { color: #0b6b2e; font-weight: 600; }
.status[data-kind="failure"] { color: #b00020; font-weight: 600; }
dialog.challenge { border: 0; border-radius: 8px; padding: 16px; width: min(480px, 92vw); box-shadow: 0 8px 32px rgba(0,0,0,.3); }
dialog.challenge::backdrop { background: rgba(0,0,0,.45); }
dialog.challenge h2 { font-size: 18px; margin: 0 0 4px; }
dialog.challenge .hint { margin: 0 0 8px; font-size: 14px; }
dialog.challenge iframe { width: 100%; height: 360px; border: 1px solid #c8c8d0; border-radius: 6px; }
dialog.challenge .cancel { background: #fff; color: #2b59c3; border: 1px solid #2b59c3; margin-top: 8px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;
