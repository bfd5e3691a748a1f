const el = (t, a = {}, ...kids) => { const e = document.createElement(t); Object.assign(e, a); kids.forEach(k => e.append(k)); return e; };
fetch('/openapi.json').then(r => r.json()).then(spec => {
  const root = document.getElementById('ops'); root.textContent = '';
  for (const [path, ops] of Object.entries(spec.paths)) for (const [method, op] of Object.entries(ops)) {
    const form = el('form'); const out = el('pre', {hidden: true});
    const inputs = (op.parameters || []).map(p => {
      const hint = p.description || (p.schema.enum ? 'one of: ' + p.schema.enum.join(', ') : '')
        + (p.schema.default !== undefined ? ` (default ${p.schema.default})` : '');
      const i = el('input', {name: p.name, required: p.required, placeholder: hint});
      i.dataset.in = p.in; form.append(el('label', {}, `${p.name} (${p.in})`, i)); return i; });
    let body = null;
    if (op.requestBody) { const ex = op.requestBody.content['application/json'].example;
      body = el('textarea', {rows: 8, value: JSON.stringify(ex, null, 2)}); form.append(el('label', {}, 'JSON body', body)); }
    form.append(el('button', {type: 'submit'}, 'Send'), out);
    form.onsubmit = async ev => { ev.preventDefault(); let url = path; const qs = new URLSearchParams();
      const headers = {'Content-Type': 'application/json'};
      for (const i of inputs) { if (!i.value) continue; if (i.dataset.in === 'path') url = url.replace(`{${i.name}}`, encodeURIComponent(i.value)); else if (i.dataset.in === 'header') headers[i.name] = i.value; else qs.append(i.name, i.value); }
      const res = await fetch(url + (qs.toString() ? '?' + qs : ''), {method: method.toUpperCase(), headers, body: body ? body.value : undefined});
      out.hidden = false; out.textContent = res.status + '\n' + JSON.stringify(await res.json(), null, 2); };
    root.append(el('section', {className: 'op'}, el('div', {}, el('span', {className: 'm ' + method}, method.toUpperCase()), el('code', {}, path)), el('p', {}, op.summary || ''), form));
  }
});
