// medallion dashboard: the page's own script. Reads the inline data (gzip + base64),
// applies the filters to every dataset and draws each widget with Chart.js.
// The data format is written by Sources/Dashboard/Page/PagePayload.swift.
(function () {
  'use strict';
  const NULL_VALUE = '__null__';
  const NULL_LABEL = '(none)';
  const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
  const PALETTE = ['#1f6feb', '#e8590c', '#2f9e44', '#ae3ec9', '#f08c00', '#0ca678', '#d6336c', '#5c7cfa',
    '#868e96', '#74b816', '#1098ad', '#f76707', '#7048e8', '#c2255c', '#37b24d'];
  const statusLine = document.querySelector('[data-status]');

  // ---- data ---------------------------------------------------------------------------

  async function loadData() {
    const text = document.getElementById('medallion-data').textContent.trim();
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    const buffer = await new Response(stream).arrayBuffer();
    const length = new DataView(buffer).getUint32(0, true);
    const model = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, length)));
    const bitsStart = (4 + length + 3) & ~3;
    for (const dataset of Object.values(model.datasets)) {
      if (dataset && dataset.kind === 'distinct') {
        // Little-endian words, as every browser's typed arrays are.
        dataset.bits = new Uint32Array(buffer, bitsStart + dataset.bitsOffset, dataset.rows * dataset.words);
      }
    }
    return model;
  }

  // How a field (a column, or a lookup attribute of one) reads in a dataset.
  // kind 'row': each row has one value (codeOf(row) into values, -1 = none);
  // kind 'set': the distinct dataset's set column or an attribute of it (memberCode(i) per set value).
  function resolveField(dataset, field) {
    if (dataset.dims[field]) {
      const column = dataset.dims[field];
      return { kind: 'row', key: field, values: column.values, keyCode: null, codeOf: (row) => column.codes[row] };
    }
    if (dataset.kind === 'distinct' && dataset.set === field) {
      return { kind: 'set', values: dataset.setValues, memberCode: (i) => i };
    }
    for (const lookup of dataset.lookups) {
      const attribute = lookup.attrs[field];
      if (!attribute) continue;
      if (dataset.kind === 'distinct' && lookup.key === dataset.set) {
        return { kind: 'set', values: attribute.values, memberCode: (i) => attribute.codes[i] };
      }
      const key = dataset.dims[lookup.key];
      return { kind: 'row', key: lookup.key, values: attribute.values, keyCode: attribute.codes,
        codeOf: (row) => attribute.codes[key.codes[row]] };
    }
    return null;
  }

  function codeMatches(values, code, wanted) {
    if (code < 0) return wanted.has(NULL_VALUE);
    const value = values[code];
    return wanted.has(value === null ? NULL_VALUE : value);
  }

  // The rows of a dataset that pass `state` (field -> Set of raw values): a list of row
  // indexes, or {missing: field} when the dataset cannot apply one of the filters.
  function selectRows(dataset, state) {
    const keyMasks = {};   // dimension column -> Uint8Array over its dictionary
    let setMask = null;    // distinct datasets: allowed set members
    for (const [field, wanted] of Object.entries(state)) {
      const resolved = resolveField(dataset, field);
      if (!resolved) return { missing: field };
      if (resolved.kind === 'set') {
        const mask = new Uint32Array(dataset.words);
        for (let i = 0; i < dataset.setValues.length; i++) {
          if (codeMatches(resolved.values, resolved.memberCode(i), wanted)) mask[i >> 5] |= (1 << (i & 31));
        }
        if (setMask) for (let w = 0; w < mask.length; w++) setMask[w] &= mask[w]; else setMask = mask;
        continue;
      }
      const column = dataset.dims[resolved.key];
      let mask = keyMasks[resolved.key];
      if (!mask) { mask = new Uint8Array(column.values.length).fill(1); keyMasks[resolved.key] = mask; }
      for (let k = 0; k < column.values.length; k++) {
        const code = resolved.keyCode ? resolved.keyCode[k] : k;
        if (!codeMatches(resolved.values, code, wanted)) mask[k] = 0;
      }
    }
    const checks = Object.entries(keyMasks).map(([key, mask]) => [dataset.dims[key].codes, mask]);
    const rows = [];
    const words = dataset.words;
    outer: for (let row = 0; row < dataset.rows; row++) {
      for (let c = 0; c < checks.length; c++) if (!checks[c][1][checks[c][0][row]]) continue outer;
      if (setMask) {
        let any = 0;
        const base = row * words;
        for (let w = 0; w < words; w++) any |= dataset.bits[base + w] & setMask[w];
        if (!any) continue;
      }
      rows.push(row);
    }
    return { rows };
  }

  // ---- measures -----------------------------------------------------------------------

  // What a measure needs summed per group, and how to turn the sums into its value.
  function measureSpec(dataset, name) {
    if (dataset.kind === 'distinct') return { format: 'number', distinct: true };
    if (dataset.measures[name]) {
      const m = dataset.measures[name];
      return { format: m.format, parts: [m], value: (s) => s[0] / Math.pow(10, m.scale), exact: (s) => exactText(s[0], m.scale) };
    }
    const ratio = dataset.ratios[name];
    const n = dataset.measures[ratio.numerator], d = dataset.measures[ratio.denominator];
    const value = (s) => (s[1] === 0 ? null : (s[0] / Math.pow(10, n.scale)) / (s[1] / Math.pow(10, d.scale)));
    return { format: ratio.format, parts: [n, d], value, exact: (s) => { const v = value(s); return v === null ? '' : String(v); } };
  }

  // Scaled integer units as exact decimal text (12345 at scale 2 -> "123.45").
  function exactText(units, scale) {
    if (scale === 0) return String(units);
    const negative = units < 0;
    const digits = String(Math.abs(units)).padStart(scale + 1, '0');
    return (negative ? '-' : '') + digits.slice(0, -scale) + '.' + digits.slice(-scale);
  }

  // Groups rows by x (and series); returns Map key -> {x, s, sums | members}.
  function aggregate(dataset, rows, xField, seriesField, measures) {
    const x = xField ? resolveField(dataset, xField) : null;
    const series = seriesField ? resolveField(dataset, seriesField) : null;
    if ((xField && (!x || x.kind !== 'row')) || (seriesField && (!series || series.kind !== 'row'))) {
      throw new Error('cannot group dataset by ' + (x && x.kind === 'row' ? seriesField : xField));
    }
    const specs = measures.map((m) => measureSpec(dataset, m));
    const parts = [];
    for (const spec of specs) for (const p of spec.parts || []) if (!parts.includes(p)) parts.push(p);
    const groups = new Map();
    const counted = dataset.kind === 'distinct' ? dataset.dims[dataset.count] : null;
    for (const row of rows) {
      const xc = x ? x.codeOf(row) : 0, sc = series ? series.codeOf(row) : 0;
      const key = xc + ':' + sc;
      let group = groups.get(key);
      if (!group) {
        group = { x: x ? label(x.values, xc) : null, s: series ? label(series.values, sc) : null,
          sums: new Array(parts.length).fill(0), members: counted ? new Uint8Array(counted.values.length) : null, count: 0 };
        groups.set(key, group);
      }
      for (let p = 0; p < parts.length; p++) group.sums[p] += parts[p].values[row];
      if (counted) {
        const member = counted.codes[row];
        if (!group.members[member]) { group.members[member] = 1; group.count++; }
      }
    }
    const out = [];
    for (const group of groups.values()) {
      const entry = { x: group.x, s: group.s, values: [], exact: [] };
      for (const spec of specs) {
        if (spec.distinct) { entry.values.push(group.count); entry.exact.push(String(group.count)); continue; }
        const sums = spec.parts.map((p) => group.sums[parts.indexOf(p)]);
        entry.values.push(spec.value(sums));
        entry.exact.push(spec.exact(sums));
      }
      out.push(entry);
    }
    return { entries: out, formats: specs.map((s) => s.format) };
  }

  function label(values, code) {
    if (code < 0 || code === undefined) return null;
    return values[code];
  }

  // ---- formatting ---------------------------------------------------------------------

  function indianGroup(integerText) {
    const negative = integerText.startsWith('-');
    const digits = negative ? integerText.slice(1) : integerText;
    if (digits.length <= 3) return integerText;
    let head = digits.slice(0, -3);
    const tail = digits.slice(-3);
    const groups = [];
    while (head.length > 2) { groups.unshift(head.slice(-2)); head = head.slice(0, -2); }
    if (head) groups.unshift(head);
    return (negative ? '-' : '') + groups.join(',') + ',' + tail;
  }

  // Tiles and axes: ₹ and lakh (1,00,000) / crore (1,00,00,000), Indian digit grouping;
  // `digits` decimals on lakh and crore figures (axes drop a zero fraction).
  function compact(value, format, digits = 2) {
    if (value === null || value === undefined || Number.isNaN(value)) return '—';
    const sign = value < 0 ? '-' : '';
    const v = Math.abs(value);
    const prefix = format === 'inr' ? '₹' : '';
    const scaled = (n, unit) => {
      let [i, f] = n.toFixed(digits).split('.');
      if (f !== undefined && /^0+$/.test(f) && digits !== 2) f = undefined;
      return sign + prefix + indianGroup(i) + (f ? '.' + f : '') + unit;
    };
    if (v >= 1e7) return scaled(v / 1e7, ' Cr');
    if (v >= 1e5) return scaled(v / 1e5, ' L');
    const decimals = format === 'inr' && v < 1000 && !Number.isInteger(v) ? 2 : 0;
    const [i, f] = v.toFixed(decimals).split('.');
    return sign + prefix + indianGroup(i) + (f ? '.' + f : '');
  }

  // Tooltips and tables: the exact value with Indian digit grouping.
  function exactDisplay(exact, format) {
    if (exact === '' || exact === null || exact === undefined) return '—';
    let text = exact;
    if (format === 'inr' && !text.includes('e') && text.includes('.')) {
      // A ratio (average price) has more digits than paise: rounded to them for display.
      const [i, f] = (text.split('.')[1].length > 2 ? Number(text).toFixed(2) : text).split('.');
      text = indianGroup(i) + '.' + f;
    } else if (!text.includes('.')) {
      text = indianGroup(text);
    }
    return (format === 'inr' ? '₹' : '') + text;
  }

  function displayLabel(value) {
    if (value === null) return NULL_LABEL;
    const m = /^(\d{4})-(\d{2})-01$/.exec(value);
    if (m) return MONTHS[Number(m[2]) - 1].replace(/^./, (c) => c.toUpperCase()) + ' ' + m[1];
    return value;
  }

  function isOrdered(values) {
    return values.every((v) => v === null || /^\d{4}-\d{2}-\d{2}$/.test(v) || /^-?\d+(\.\d+)?$/.test(v));
  }

  function compareValues(a, b) {
    if (a === null) return 1;
    if (b === null) return -1;
    const na = Number(a), nb = Number(b);
    if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  // ---- the page -----------------------------------------------------------------------

  function start(model) {
    const selects = [...document.querySelectorAll('select[data-filter]')];
    const filterByField = Object.fromEntries(model.filters.map((f) => [f.field, f]));
    fillFilters(model, selects);
    const charts = {};
    const widgetData = {};
    // A widget's current data (what its CSV holds), for scripts and tests.
    window.medallionDashboard = { data: (name) => widgetData[name] };

    const state = () => {
      const s = {};
      for (const select of selects) if (select.value !== '') s[select.dataset.filter] = new Set([select.value]);
      return s;
    };

    function render() {
      const started = performance.now();
      const current = state();
      for (const widget of model.widgets) {
        try {
          widgetData[widget.name] = drawWidget(model, widget, current, charts, filterByField, selects, render);
        } catch (error) {
          console.error('widget ' + widget.name + ': ' + error.message);
        }
      }
      const active = Object.keys(current).length;
      statusLine.textContent = active
        ? `${active} filter${active > 1 ? 's' : ''} applied · recomputed in ${(performance.now() - started).toFixed(0)} ms`
        : 'All data · click a bar or slice to filter by it';
      document.body.dataset.ready = '1';
    }

    for (const select of selects) select.addEventListener('change', render);
    document.querySelector('[data-clear-filters]').addEventListener('click', () => {
      for (const select of selects) select.value = '';
      render();
    });
    for (const button of document.querySelectorAll('[data-csv]')) {
      button.addEventListener('click', () => downloadCSV(button.dataset.csv, widgetData[button.dataset.csv]));
    }
    render();
  }

  function fillFilters(model, selects) {
    for (const select of selects) {
      const field = select.dataset.filter;
      const spec = model.filters.find((f) => f.field === field);
      const seen = new Set();
      let hasNull = false;
      for (const dataset of Object.values(model.datasets)) {
        if (!dataset) continue;
        const resolved = resolveField(dataset, field);
        if (!resolved) continue;
        for (const value of resolved.values) { if (value === null) hasNull = true; else seen.add(value); }
      }
      let values = [...seen];
      if (spec && spec.order === 'calendar') {
        values.sort((a, b) => MONTHS.indexOf(a.slice(0, 3).toLowerCase()) - MONTHS.indexOf(b.slice(0, 3).toLowerCase()));
      } else {
        values.sort(compareValues);
      }
      for (const value of values) select.add(new Option(displayLabel(value), value));
      if (hasNull) select.add(new Option(NULL_LABEL, NULL_VALUE));
    }
  }

  function drawWidget(model, widget, current, charts, filterByField, selects, rerender) {
    const dataset = model.datasets[widget.dataset];
    const box = document.querySelector(`[data-widget="${widget.name}"]`);
    const note = box.querySelector('.note');
    const selection = selectRows(dataset, current);
    if (selection.missing) {
      const f = filterByField[selection.missing];
      const text = `Not available with the ${f ? f.label : selection.missing} filter: this widget's data (${widget.dataset}) ` +
        `does not have it. Clear that filter to see it.`;
      return showUnavailable(widget, box, note, text, charts);
    }
    if (note) note.textContent = '';
    box.classList.remove('unavailable');
    if (widget.type === 'counter') return drawCounter(model, dataset, widget, current, selection.rows, box);
    const result = aggregate(dataset, selection.rows, widget.x, widget.series, widget.y);
    if (widget.type === 'table' || widget.type === 'pivot') return drawTable(widget, result, box);
    return drawChart(widget, result, box, charts, filterByField, selects, rerender);
  }

  function showUnavailable(widget, box, note, text, charts) {
    box.classList.add('unavailable');
    if (widget.type === 'counter') {
      const tile = box.querySelector('[data-kpi]');
      tile.dataset.value = '';
      tile.querySelector('.value').textContent = '—';
      tile.querySelector('.change').textContent = text;
      return { header: [widget.y[0]], rows: [] };
    }
    note.textContent = text;
    if (charts[widget.name]) { charts[widget.name].destroy(); delete charts[widget.name]; }
    const chartBox = box.querySelector('[data-chart]');
    if (chartBox) chartBox.dataset.points = '0';
    const table = box.querySelector('[data-table]');
    if (table) table.textContent = '';
    return { header: [], rows: [] };
  }

  // ---- counters -----------------------------------------------------------------------

  function total(dataset, rows, measure) {
    const result = aggregate(dataset, rows, null, null, [measure]);
    const entry = result.entries[0];
    return entry ? { value: entry.values[0], exact: entry.exact[0] } : { value: dataset.kind === 'distinct' ? 0 : null, exact: dataset.kind === 'distinct' ? '0' : '' };
  }

  function drawCounter(model, dataset, widget, current, rows, box) {
    const measure = widget.y[0];
    const format = measureSpec(dataset, measure).format;
    const now = total(dataset, rows, measure);
    const tile = box.querySelector('[data-kpi]');
    tile.dataset.value = now.exact;
    tile.querySelector('.value').textContent = compact(now.value, format);
    tile.title = exactDisplay(now.exact, format);
    const change = tile.querySelector('.change');
    change.textContent = '';
    change.className = 'change';
    const csv = { header: [measure], rows: [[now.exact]] };
    if (!widget.compare) return csv;
    const comparison = compareWithPrevious(dataset, widget, current, measure);
    if (!comparison) return csv;
    const { year, previousYear, value, previous, months } = comparison;
    csv.header.push(`${measure} ${year}`, `${measure} ${previousYear}`);
    csv.rows[0].push(value.exact, previous.exact);
    if (previous.value === null || previous.value === 0 || value.value === null) {
      change.textContent = `no ${previousYear} data to compare`;
      return csv;
    }
    const pct = (100 * (value.value - previous.value)) / Math.abs(previous.value);
    change.textContent = `${pct >= 0 ? '▲' : '▼'} ${Math.abs(pct).toFixed(1)}% ${year} vs ${previousYear}` +
      (months ? ` (${months})` : '');
    change.classList.add(pct >= 0 ? 'up' : 'down');
    change.title = `${year}: ${exactDisplay(value.exact, format)} · ${previousYear}: ${exactDisplay(previous.exact, format)}`;
    return csv;
  }

  // The selected year (or the latest one) against the year before, over the same
  // months of the year: the months the current year has data for under the filters.
  function compareWithPrevious(dataset, widget, current, measure) {
    const field = widget.compare;
    const resolved = resolveField(dataset, field);
    if (!resolved || resolved.kind !== 'row') return null;
    let year;
    if (current[field] && current[field].size === 1) {
      year = Number([...current[field]][0]);
    } else {
      const years = resolved.values.filter((v) => v !== null).map(Number).filter((n) => !Number.isNaN(n));
      if (!years.length) return null;
      year = Math.max(...years);
    }
    if (Number.isNaN(year)) return null;
    const thisYear = Object.assign({}, current, { [field]: new Set([String(year)]) });
    const rows = selectRows(dataset, thisYear).rows;
    const value = total(dataset, rows, measure);
    const previousState = Object.assign({}, current, { [field]: new Set([String(year - 1)]) });
    let months = null;
    const month = resolveField(dataset, 'month');
    if (month && month.kind === 'row') {
      const present = new Set();
      for (const row of rows) { const c = month.codeOf(row); if (c >= 0) present.add(month.values[c]); }
      const all = month.values.filter((v) => v !== null);
      if (present.size && present.size < new Set(all).size) {
        previousState.month = present;
        const sorted = [...present].sort((a, b) => MONTHS.indexOf(a.slice(0, 3).toLowerCase()) - MONTHS.indexOf(b.slice(0, 3).toLowerCase()));
        months = sorted.length > 1 ? `${sorted[0]}–${sorted[sorted.length - 1]}` : sorted[0];
      }
    }
    const previous = total(dataset, selectRows(dataset, previousState).rows, measure);
    return { year, previousYear: year - 1, value, previous, months };
  }

  // ---- tables -------------------------------------------------------------------------

  function drawTable(widget, result, box) {
    const container = box.querySelector('[data-table]');
    const entries = result.entries;
    const table = document.createElement('table');
    let header, rows;
    if (widget.type === 'pivot') {
      const xs = [...new Set(entries.map((e) => e.x))];
      const ss = [...new Set(entries.map((e) => e.s))].sort(compareValues);
      const cell = new Map(entries.map((e) => [e.x + '\u0000' + e.s, e]));
      const totals = new Map();
      for (const e of entries) totals.set(e.x, (totals.get(e.x) || 0) + (e.values[0] || 0));
      xs.sort((a, b) => totals.get(b) - totals.get(a));
      header = [widget.x, ...ss.map(displayLabel)];
      rows = xs.map((x) => [x, ...ss.map((s) => { const e = cell.get(x + '\u0000' + s); return e ? e.exact[0] : ''; })]);
      table.append(tableRow(header.map((h) => h === null ? NULL_LABEL : h), 'th'));
      for (const row of rows) table.append(tableRow([displayLabel(row[0]), ...row.slice(1).map((v) => exactDisplay(v, result.formats[0]))], 'td'));
    } else {
      entries.sort((a, b) => (b.values[0] || 0) - (a.values[0] || 0));
      header = [widget.x, ...widget.y];
      rows = entries.map((e) => [e.x, ...e.exact]);
      table.append(tableRow(header, 'th'));
      for (const e of entries) table.append(tableRow([displayLabel(e.x), ...e.exact.map((v, i) => exactDisplay(v, result.formats[i]))], 'td'));
    }
    container.replaceChildren(table);
    return { header, rows };
  }

  function tableRow(cells, tag) {
    const tr = document.createElement('tr');
    for (const cell of cells) {
      const td = document.createElement(tag);
      td.textContent = cell;
      tr.append(td);
    }
    return tr;
  }

  // ---- charts -------------------------------------------------------------------------

  function drawChart(widget, result, box, charts, filterByField, selects, rerender) {
    const format = result.formats[0];
    let entries = result.entries;
    const xs = [...new Set(entries.map((e) => e.x))];
    const ordered = isOrdered(xs);
    const totals = new Map();
    for (const e of entries) totals.set(e.x, (totals.get(e.x) || 0) + (e.values[0] || 0));
    if (ordered && widget.top === null) xs.sort(compareValues); else xs.sort((a, b) => totals.get(b) - totals.get(a));
    const shown = widget.top ? xs.slice(0, widget.top) : xs;
    const seriesNames = widget.series ? [...new Set(entries.map((e) => e.s))].sort(compareValues) : [null];
    const cell = new Map(entries.map((e) => [e.x + '\u0000' + e.s, e]));
    const pie = widget.type === 'pie' || widget.type === 'donut';
    const datasets = seriesNames.map((s, i) => {
      const color = PALETTE[i % PALETTE.length];
      const points = shown.map((x) => { const e = cell.get(x + '\u0000' + s); return e ? e.values[0] : 0; });
      const exact = shown.map((x) => { const e = cell.get(x + '\u0000' + s); return e ? e.exact[0] : '0'; });
      return {
        label: s === null ? widget.title : displayLabel(s), data: points, exact,
        backgroundColor: pie ? shown.map((_, j) => PALETTE[j % PALETTE.length]) : (widget.type === 'area' ? color + '55' : color),
        borderColor: pie ? '#fff' : color, fill: widget.type === 'area', tension: 0.25, pointRadius: 2,
      };
    });
    const type = { line: 'line', area: 'line', bar: 'bar', pie: 'pie', donut: 'doughnut' }[widget.type];
    const canvasBox = box.querySelector('[data-chart]');
    canvasBox.dataset.points = String(shown.length);
    const labels = shown.map(displayLabel);
    const existing = charts[widget.name];
    if (existing) {
      existing.data.labels = labels;
      existing.data.datasets = datasets;
      existing.$raw = shown;
      existing.update('none');
    } else {
      const chart = new Chart(canvasBox.querySelector('canvas'), {
        type,
        data: { labels, datasets },
        options: {
          animation: false, responsive: true, maintainAspectRatio: false,
          indexAxis: widget.horizontal ? 'y' : 'x',
          plugins: {
            legend: { display: pie || widget.series !== null, position: pie ? 'right' : 'top',
              labels: { boxWidth: 12, font: { size: 11 } } },
            tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label === widget.title ? ctx.label : ctx.dataset.label}: ` +
              exactDisplay(ctx.dataset.exact[ctx.dataIndex], format) } },
          },
          scales: pie ? {} : {
            [widget.horizontal ? 'x' : 'y']: { beginAtZero: true, ticks: { callback: (v) => compact(v, format, 1) } },
            [widget.horizontal ? 'y' : 'x']: { ticks: { autoSkip: !widget.horizontal, font: { size: 10 },
              callback: function (value) { const t = this.getLabelForValue(value); return t.length > 28 ? t.slice(0, 27) + '…' : t; } } },
          },
          onClick: (event, elements, chart) => crossFilter(widget, chart, elements, filterByField, selects, rerender),
        },
      });
      chart.$raw = shown;
      charts[widget.name] = chart;
    }
    const header = widget.series ? [widget.x, widget.series, widget.y[0]] : [widget.x, widget.y[0]];
    const rows = [];
    for (const x of shown) for (const s of seriesNames) {
      const e = cell.get(x + '\u0000' + s);
      if (e) rows.push(widget.series ? [x, s, e.exact[0]] : [x, e.exact[0]]);
    }
    return { header, rows };
  }

  // A click on a bar or slice filters every widget by it; a second click clears it.
  function crossFilter(widget, chart, elements, filterByField, selects, rerender) {
    if (!elements.length || !filterByField[widget.x]) return;
    const value = chart.$raw[elements[0].index];
    const select = selects.find((s) => s.dataset.filter === widget.x);
    const raw = value === null ? NULL_VALUE : value;
    select.value = select.value === raw ? '' : raw;
    rerender();
  }

  // ---- CSV ----------------------------------------------------------------------------

  function csvCell(value) {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function downloadCSV(name, data) {
    if (!data) return;
    const lines = [data.header.map(csvCell).join(',')];
    for (const row of data.rows) lines.push(row.map(csvCell).join(','));
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([lines.join('\n') + '\n'], { type: 'text/csv' }));
    link.download = name + '.csv';
    document.body.append(link);
    link.click();
    link.remove();
  }

  loadData().then((model) => {
    const version = model.meta;
    document.querySelector('.version').textContent =
      `Data: ${version.table} version ${version.version ?? '–'}` + (version.run !== null ? ` · run ${version.run}` : '') +
      (version.runCommittedAt ? ` (committed ${version.runCommittedAt})` : '') + ` · generated ${version.generatedAt}`;
    start(model);
  }).catch((error) => {
    statusLine.textContent = 'The dashboard could not start: ' + error.message;
    console.error(error);
  });
})();
