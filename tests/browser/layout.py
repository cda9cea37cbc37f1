"""What a student sees of a widget at a laptop's width, measured in the browser: nothing past
the right edge of its output area, no button, label or select narrower than its text, no text
cut with an ellipsis. Used in JupyterLab (tests/browser) and on the website (tests/website)."""

WIDTHS = (1280, 1440)  # laptop windows; JupyterLab's file browser open beside the notebook

# JavaScript: given the CSS selector of the outputs to check, a list of problems in words, each
# naming the widget (its fbss-... class, or the output's position) and the element.
_CHECK = r"""(outputs) => {
  const problems = [], canvas = document.createElement('canvas').getContext('2d');
  const describe = el => {
    const text = (el.innerText || el.value || el.textContent || '').trim().replace(/\s+/g, ' ');
    return `<${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string'
      ? ' class="' + el.className.trim().split(/\s+/).slice(0, 3).join(' ') + '"' : ''}>`
      + (text ? ` "${text.slice(0, 50)}"` : '');
  };
  const textWidth = (el, text) => {
    const s = getComputedStyle(el);
    canvas.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    return canvas.measureText(text).width;
  };
  const pad = el => { const s = getComputedStyle(el);
    return parseFloat(s.paddingLeft) + parseFloat(s.paddingRight); };
  [...document.querySelectorAll(outputs)].forEach((output, n) => {
    const own = output.querySelector('[class*="fbss-"]');
    const name = own ? [...own.classList].find(c => c.startsWith('fbss-')) : 'widget';
    const where = `${name} (output ${n + 1})`;
    const edge = output.getBoundingClientRect().right;
    for (const el of output.querySelectorAll('*')) {
      if (!el.getClientRects().length || el.closest('style, script, title, desc, defs')) continue;
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.right > edge + 1)
        problems.push(`${where}: ${describe(el)} reaches ${Math.round(box.right - edge)} px past the right edge`);
      const s = getComputedStyle(el);
      if (el.tagName === 'SELECT' && el.selectedIndex >= 0) {
        const text = el.options[el.selectedIndex].text;
        const room = el.clientWidth - pad(el);
        if (textWidth(el, text) > room + 1)
          problems.push(`${where}: select ${describe(el)} is narrower than its chosen text "${text.slice(0, 50)}"`);
      } else if ((el.tagName === 'BUTTON' || s.textOverflow === 'ellipsis')
                 && el.scrollWidth > el.clientWidth + 1 && s.overflowX !== 'visible') {
        problems.push(`${where}: ${describe(el)} is cut (${el.scrollWidth} px of text in ${el.clientWidth} px)`);
      }
    }
  });
  return [...new Set(problems)];
}"""


def layout_problems(page, outputs: str) -> list[str]:
    """The layout problems of every output matched by the CSS selector `outputs`."""
    return page.evaluate(_CHECK, outputs)
