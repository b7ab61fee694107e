// Copy buttons on install snippets: an enhancement only. Without JavaScript the snippet is plain,
// selectable text; with it, each snippet gets a button that copies its code.
(() => {
  if (!navigator.clipboard) return;
  for (const snippet of document.querySelectorAll('.snippet')) {
    const code = snippet.querySelector('code');
    if (!code) continue;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy';
    button.textContent = 'Copy';
    button.setAttribute('aria-label', `Copy: ${code.textContent}`);
    const status = document.createElement('span');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(code.textContent ?? '');
        button.textContent = 'Copied';
        status.textContent = 'Copied to the clipboard';
      } catch {
        button.textContent = 'Select and copy';
        status.textContent = 'Copying was refused; select the text instead';
      }
      setTimeout(() => { button.textContent = 'Copy'; status.textContent = ''; }, 2000);
    });
    snippet.append(button, status);
  }
})();
