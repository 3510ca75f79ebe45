/* medallion serve: the ask box. A question goes to POST api/ask (same origin), with the
   previous answer's context so that "and in 2024?" follows on; the answer shows as its
   interpretation, its SQL (folded) and a table; a refusal shows its suggestions as
   questions to click. Text only through textContent: nothing from the server is HTML. */
(function () {
  'use strict';
  const form = document.querySelector('[data-ask]');
  const out = document.querySelector('[data-ask-answer]');
  if (!form || !out) return;
  const input = form.querySelector('input');
  let context = null;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function table(columns, rows) {
    const t = el('table');
    const head = el('tr');
    columns.forEach(function (c) { head.appendChild(el('th', '', c)); });
    t.appendChild(el('thead')).appendChild(head);
    const body = t.appendChild(el('tbody'));
    rows.forEach(function (row) {
      const tr = body.appendChild(el('tr'));
      row.forEach(function (v) {
        tr.appendChild(el('td', v === null ? 'null' : typeof v === 'string' ? 'text' : '', v === null ? 'NULL' : String(v)));
      });
    });
    return t;
  }

  function showAnswer(answer) {
    const sql = el('details', 'ask-sql');
    sql.appendChild(el('summary', '', 'SQL'));
    sql.appendChild(el('pre', '', answer.sql));
    const parts = [el('p', 'ask-interpretation', answer.interpretation), sql];
    if (answer.rows.length === 0) parts.push(el('p', 'ask-note', 'No rows.'));
    else {
      const box = el('div', 'table');
      box.appendChild(table(answer.columns, answer.rows));
      parts.push(box);
    }
    if (answer.truncated) parts.push(el('p', 'ask-note', 'Only the first ' + answer.rows.length + ' rows are shown.'));
    out.replaceChildren.apply(out, parts);
  }

  function showRefusal(error) {
    const parts = [el('p', 'ask-refusal', 'Cannot answer this exactly: ' + error.message)];
    if (error.understood) parts.push(el('p', 'ask-note', 'Understood: ' + error.understood));
    if (error.notUnderstood && error.notUnderstood.length) parts.push(el('p', 'ask-note', 'Not understood: ' + error.notUnderstood.join(', ')));
    if (error.suggestions && error.suggestions.length) {
      parts.push(el('p', 'ask-note', 'Questions it can answer:'));
      const list = el('ul', 'ask-suggestions');
      error.suggestions.forEach(function (s) {
        const button = list.appendChild(el('li')).appendChild(el('button', '', s));
        button.type = 'button';
        button.addEventListener('click', function () { input.value = s; ask(s); });
      });
      parts.push(list);
    }
    out.replaceChildren.apply(out, parts);
  }

  async function ask(question) {
    out.replaceChildren(el('p', 'ask-note', 'Asking…'));
    const request = context ? { question: question, context: context } : { question: question };
    let response, body;
    try {
      response = await fetch('api/ask', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request) });
      body = await response.json();
    } catch (e) {
      out.replaceChildren(el('p', 'ask-refusal', 'The server did not answer: ' + e));
      return;
    }
    if (response.ok) {
      context = body.context;
      showAnswer(body);
    } else if (body.error && body.error.code === 'not_understood') {
      showRefusal(body.error);
    } else {
      out.replaceChildren(el('p', 'ask-refusal', (body.error && body.error.message) || ('HTTP ' + response.status)));
    }
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    const question = input.value.trim();
    if (question) ask(question);
  });
})();
