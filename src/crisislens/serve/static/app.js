// crisislens page: map, timeline, list, event view with its source text, claim verification.
// Every piece of data reaches the DOM through textContent (el() below), never as markup.
"use strict";

const TOKEN_KEY = "crisislens.token";
const PALETTE = ["#d7263d", "#1b998b", "#2e86ab", "#f46036", "#8e44ad", "#c5a100", "#5d576b", "#3d9970",
                 "#e84393", "#6c5ce7", "#00838f", "#795548"];
const MAP_LIMIT = 5000;   // markers drawn at most; the list and counts say when more match
const LIST_LIMIT = 200;

const state = { filters: {}, from: null, to: null, info: null, me: null, typeColours: {}, markers: null,
                located: 0, shown: [] };

// ---- DOM and HTTP helpers -------------------------------------------------------------------------------
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}
const $ = (selector) => document.querySelector(selector);
const token = () => sessionStorage.getItem(TOKEN_KEY);
const idPath = (id) => encodeURIComponent(id).replace(/%3A/g, ":");

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (token()) headers.Authorization = `Bearer ${token()}`;
  const response = await fetch(path, Object.assign({}, options, { headers }));
  const body = await response.json().catch(() => ({ ok: false, error: response.statusText,
                                                     status: response.status }));
  if (!response.ok) throw Object.assign(new Error(body.error || response.statusText), { status: response.status });
  return body;
}

function banner(message) {
  const box = $("#banner");
  box.replaceChildren(message ? el("span", {}, message) : "");
  box.hidden = !message;
}

function query(extra = {}, { withDates = true } = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(state.filters)) if (value !== "" && value !== null) params.set(key, value);
  if (withDates && state.from) params.set("from", state.from);
  if (withDates && state.to) params.set("to", state.to);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}

function colourOf(type) {
  if (!(type in state.typeColours)) {
    state.typeColours[type] = PALETTE[Object.keys(state.typeColours).length % PALETTE.length];
  }
  return state.typeColours[type];
}

// ---- map ----------------------------------------------------------------------------------------------------
let map = null;

async function setUpMap() {
  map = L.map("map", { worldCopyJump: true, minZoom: 2, maxZoom: 18, zoomSnap: 0.5 }).setView([30, 30], 2);
  map.attributionControl.addAttribution("Country outlines: Natural Earth via world-atlas");
  try {
    const topo = await fetch("/vendor/world-atlas/countries-50m.json").then((r) => r.json());
    L.geoJSON(topojson.feature(topo, topo.objects.countries), {
      style: { color: "#8a94a6", weight: 0.7, fillColor: "#eef0e6", fillOpacity: 1 }, interactive: false,
    }).addTo(map);
  } catch (error) {
    banner("Country outlines could not be loaded: run ./scripts/setup.sh to install the page's libraries.");
  }
  state.markers = L.markerClusterGroup({ maxClusterRadius: 40, spiderfyOnMaxZoom: true });
  map.addLayer(state.markers);
}

function markerFor(event) {
  const dot = el("span", { class: "ev-dot", dataset: { eventId: event.id } });
  dot.style.background = colourOf(event.event_type);
  const icon = L.divIcon({ className: "ev-marker", html: dot, iconSize: [14, 14] });
  const marker = L.marker([event.location.lat, event.location.lon], { icon, title: event.event_type });
  marker.on("click", () => openEvent(event.id));
  return marker;
}

function drawMarkers(events, { fit }) {
  state.markers.clearLayers();
  const located = events.filter((e) => e.location && e.location.lat !== null && e.location.lon !== null);
  state.markers.addLayers(located.map(markerFor));
  state.located = located.length;
  if (fit && located.length) {
    map.fitBounds(L.latLngBounds(located.map((e) => [e.location.lat, e.location.lon])).pad(0.3), { maxZoom: 7 });
  }
  drawLegend(events);
}

function drawLegend(events) {
  const types = [...new Set(events.map((e) => e.event_type))].sort();
  $("#legend").replaceChildren(...types.map((type) => {
    const swatch = el("span", { class: "swatch" });
    swatch.style.background = colourOf(type);
    return el("span", { class: "legend-item" }, swatch, type);
  }));
}

// ---- timeline with a brush ----------------------------------------------------------------------------------
const DAY = 86400000;
const dayNumber = (iso) => Date.parse(`${iso}T00:00:00Z`) / DAY;
const isoOf = (number) => new Date(Math.round(number) * DAY).toISOString().slice(0, 10);

async function drawTimeline() {
  const days = await api(`/api/timeline?${query({}, { withDates: false })}`);
  const svg = d3.select("#timeline");
  svg.selectAll("*").remove();
  const width = svg.node().clientWidth || 600;
  const height = svg.node().clientHeight || 110;
  const margin = { left: 36, right: 12, top: 8, bottom: 22 };
  if (!days.length) {
    svg.append("text").attr("x", width / 2).attr("y", height / 2).attr("class", "axis-label")
      .attr("text-anchor", "middle").text("No dated events");
    return;
  }
  const first = dayNumber(days[0].date) - 1;
  const last = dayNumber(days[days.length - 1].date) + 2;
  const maxCount = Math.max(...days.map((d) => d.count));
  const x = (day) => margin.left + ((day - first) / (last - first)) * (width - margin.left - margin.right);
  const day = (px) => first + ((px - margin.left) / (width - margin.left - margin.right)) * (last - first);
  const y = (count) => height - margin.bottom - (count / maxCount) * (height - margin.top - margin.bottom);
  const barWidth = Math.max(2, (x(1) - x(0)) * 0.8);
  const bars = svg.append("g").attr("class", "bars");
  for (const d of days) {
    bars.append("rect").attr("class", "bar").attr("data-date", d.date)
      .attr("x", x(dayNumber(d.date)) + (x(1) - x(0) - barWidth) / 2).attr("width", barWidth)
      .attr("y", y(d.count)).attr("height", height - margin.bottom - y(d.count))
      .append("title").text(`${d.date}: ${d.count} event${d.count === 1 ? "" : "s"}`);
  }
  const axis = svg.append("g").attr("class", "axis");
  const ticks = Math.min(6, Math.round(last - first));
  for (let i = 0; i <= ticks; i++) {
    const at = first + ((last - first) * i) / ticks;
    axis.append("text").attr("x", x(at)).attr("y", height - 6).attr("text-anchor", "middle").text(isoOf(at));
  }
  axis.append("text").attr("x", 4).attr("y", margin.top + 8).text(String(maxCount));
  const brush = d3.brushX().extent([[margin.left, margin.top], [width - margin.right, height - margin.bottom]])
    .on("end", (event) => {
      if (!event.sourceEvent) return;   // moved by code, not by the user
      if (!event.selection) { setRange(null, null); return; }
      const [from, to] = event.selection.map(day);
      setRange(isoOf(Math.ceil(from - 0.5)), isoOf(Math.floor(to - 0.5)));
    });
  const brushGroup = svg.append("g").attr("class", "brush").call(brush);
  if (state.from && state.to) brushGroup.call(brush.move, [x(dayNumber(state.from)), x(dayNumber(state.to) + 1)]);
}

function setRange(from, to) {
  state.from = from;
  state.to = to && from && to < from ? from : to;
  $("#range").textContent = from ? `${state.from} – ${state.to}` : "All dates";
  refreshEvents({ fit: false });
}

// ---- the list ----------------------------------------------------------------------------------------------
function eventTitle(event) {
  return `${event.sub_event_type || event.event_type}${event.location ? ` in ${event.location.name}` : ""}`;
}

function drawList(page) {
  $("#list-summary").textContent = page.total > page.items.length
    ? `${page.items.length} of ${page.total} events` : `${page.total} event${page.total === 1 ? "" : "s"}`;
  $("#event-list").replaceChildren(...page.items.map((event) => {
    const swatch = el("span", { class: "swatch" });
    swatch.style.background = colourOf(event.event_type);
    return el("li", { class: "event-item", dataset: { eventId: event.id }, tabindex: 0,
                      onclick: () => openEvent(event.id),
                      onkeydown: (e) => { if (e.key === "Enter") openEvent(event.id); } },
      el("div", { class: "event-head" }, swatch, el("strong", {}, eventTitle(event)),
         el("span", { class: "muted" }, event.date || "undated")),
      el("div", { class: "evidence-snippet" }, event.evidence.text));
  }));
}

async function refreshEvents({ fit }) {
  try {
    const [mapPage, listPage] = await Promise.all([
      api(`/api/events?${query({ located: "true", limit: MAP_LIMIT })}`),
      api(`/api/events?${query({ limit: LIST_LIMIT })}`),
    ]);
    drawMarkers(mapPage.items, { fit });
    drawList(listPage);
    $("#export").href = `/api/export?${query({ format: "csv" })}`;
    $("#export-geojson").href = `/api/export?${query({ format: "geojson" })}`;
    document.body.dataset.ready = "events";
  } catch (error) {
    handle(error);
  }
}

// ---- the event view: source text with its evidence highlighted and every mention marked --------------------
function markedText(text, marks) {
  // Split the text at every mark boundary; each piece is a span whose classes say what covers it.
  const cuts = new Set([0, text.length]);
  for (const mark of marks) { cuts.add(mark.start); cuts.add(mark.end); }
  const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
  const out = el("div", { class: "source-text" });
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i], points[i + 1]];
    const covering = marks.filter((m) => m.start <= start && end <= m.end);
    if (!covering.length) { out.append(document.createTextNode(text.slice(start, end))); continue; }
    const piece = el(covering.some((m) => m.kind === "evidence") ? "mark" : "span",
                     { class: covering.map((m) => `m-${m.kind}`).join(" "),
                       title: covering.map((m) => m.label).join("\n") });
    piece.textContent = text.slice(start, end);
    out.append(piece);
  }
  return out;
}

function marksOf(documentBody, event) {
  const m = documentBody.mentions;
  const label = (kind, extra) => (extra ? `${kind}: ${extra}` : kind);
  return [
    ...m.entities.map((x) => ({ ...x, kind: "entity", label: label("entity", x.label) })),
    ...m.places.map((x) => ({ ...x, kind: "place", label: label("place", x.name || "unresolved") })),
    ...m.times.map((x) => ({ ...x, kind: "time", label: label("time", x.value || x.type) })),
    ...m.quotes.map((x) => ({ ...x, kind: "quote", label: label("quote", x.speaker || "unattributed") })),
    ...m.claims.map((x) => ({ ...x, kind: "claim", label: label("claim", x.status) })),
    ...m.events.filter((x) => !event || x.id !== event.id)
      .map((x) => ({ ...x, kind: "event", label: label("event", x.code) })),
    ...(event ? [{ ...event.evidence, kind: "evidence", label: `evidence of ${event.code}` }] : []),
  ];
}

function fact(name, value) {
  return value === null || value === undefined || value === "" ? null : el("div", { class: "fact" },
    el("span", { class: "muted" }, name), el("span", {}, String(value)));
}

function claimView(claim) {
  const item = el("li", { class: `claim status-${claim.status}`, dataset: { claimId: claim.id } },
    el("q", {}, claim.text),
    el("div", { class: "claim-meta" },
      el("span", {}, claim.speaker ? `— ${claim.speaker}` : "— unattributed"),
      claim.hedged ? el("span", { class: "hedge" }, `hedged${claim.hedge ? `: “${claim.hedge}”` : ""}`) : null,
      claim.negated ? el("span", { class: "hedge" }, "negated") : null,
      el("span", { class: "status-badge" }, claim.status)),
    claim.note ? el("div", { class: "note" }, `${claim.changed_by}: ${claim.note}`) : null);
  if (state.me && state.me.can_write) {
    const note = el("input", { class: "claim-note", placeholder: "Note (why)", "aria-label": "Note" });
    const buttons = (state.info ? state.info.statuses : []).map((status) => el("button", {
      type: "button", class: `set-status${status === claim.status ? " current" : ""}`, dataset: { status },
      onclick: () => setStatus(claim.id, status, note.value),
    }, status));
    item.append(el("div", { class: "claim-actions" }, note, ...buttons));
  }
  return item;
}

async function openEvent(id) {
  try {
    const event = await api(`/api/events/${idPath(id)}`);
    const source = await api(`/api/documents/${encodeURIComponent(event.document_id)}`);
    showDetail(event, source);
    if (event.location && event.location.lat !== null) map.panTo([event.location.lat, event.location.lon]);
  } catch (error) {
    handle(error);
  }
}

function showDetail(event, source) {
  const counts = event.counts;
  const doc = event.documents[0];
  $("#detail-body").replaceChildren(
    el("h2", {}, eventTitle(event)),
    el("div", { class: "facts" },
      fact("Code", event.code), fact("Type", `${event.event_type} / ${event.sub_event_type}`),
      fact("Date", event.date ? `${event.date} (${event.date_precision || "?"})` : "undated"),
      fact("Place", event.location ? `${event.location.name}, ${event.location.country_code || "?"}` : null),
      fact("Actors", event.actors.map((a) => a.name).join(" vs ")),
      fact("Fatalities", counts.fatalities), fact("Injured", counts.injured), fact("Arrested", counts.arrested),
      fact("Confidence", event.confidence.toFixed(2)), fact("Event id", event.id)),
    el("h3", {}, "Evidence"),
    el("blockquote", { class: "evidence" }, event.evidence.text),
    el("h3", {}, `Claims (${event.claims.length})`),
    event.claims.length ? el("ol", { class: "claims" }, event.claims.map(claimView))
      : el("p", { class: "muted" }, "No claim is linked to this event."),
    el("h3", {}, "Source document"),
    el("div", { class: "doc-meta muted" }, [doc.title, doc.published, doc.source, doc.origin].filter(Boolean)
      .join(" · ")),
    el("div", { class: "key muted" }, "Marked: ", ...["evidence", "event", "place", "time", "entity", "quote",
      "claim"].map((k) => el("span", { class: `m-${k} key-item` }, k))),
    markedText(source.text, marksOf(source, event)),
    el("h3", {}, `All claims in the document (${source.mentions.claims.length})`),
    el("ol", { class: "claims" }, source.mentions.claims.map(claimView)));
  $("#detail").hidden = false;
  $("#detail").dataset.eventId = event.id;
  const evidence = $("#detail .source-text mark.m-evidence");
  if (evidence) evidence.scrollIntoView({ block: "center" });
}

async function setStatus(claimId, status, note) {
  try {
    await api(`/api/claims/${idPath(claimId)}`, { method: "PATCH", headers: { "Content-Type": "application/json" },
                                          body: JSON.stringify({ status, note: note || null }) });
    banner("");
    const open = $("#detail").dataset.eventId;
    if (open && !$("#detail").hidden) await openEvent(open);
    await Promise.all([drawClaims(), drawAudit()]);
  } catch (error) {
    handle(error);
  }
}

// ---- claims, audit log, adding documents ---------------------------------------------------------------------
async function drawClaims() {
  const status = $("#claim-status").value;
  const page = await api(`/api/claims?limit=200${status ? `&status=${status}` : ""}`);
  $("#claim-list").replaceChildren(...page.items.map((claim) => {
    const item = claimView(claim);
    if (claim.event_id) {
      item.append(el("button", { type: "button", class: "link", onclick: () => openEvent(claim.event_id) },
                     "Open event"));
    }
    return item;
  }));
}

async function drawAudit() {
  const page = await api("/api/audit?limit=200");
  $("#audit-list").replaceChildren(...(page.items.length ? page.items.map((entry) => el("li",
    { class: "audit-entry", dataset: { claimId: entry.claim_id } },
    el("div", {}, el("strong", {}, entry.user), ` set ${entry.claim_id} from `, el("em", {}, entry.from), " to ",
       el("em", {}, entry.to)),
    el("div", { class: "muted" }, new Date(entry.at).toLocaleString()),
    el("q", {}, entry.claim_text),
    entry.note ? el("div", { class: "note" }, entry.note) : null))
    : [el("li", { class: "muted" }, "No verification changes yet.")]));
}

async function addDocument(event) {
  event.preventDefault();
  const form = event.target;
  const file = form.file.files[0];
  let options;
  if (file) {
    const body = new FormData();
    body.append("file", file);
    options = { method: "POST", body };
  } else {
    options = { method: "POST", headers: { "Content-Type": "application/json" },
                body: JSON.stringify({ text: form.text.value, title: form.title.value || null }) };
  }
  const result = $("#add-result");
  result.replaceChildren(el("p", { class: "muted" }, "Extracting…"));
  try {
    const answer = await api("/api/documents", options);
    result.replaceChildren(el("ul", {}, answer.documents.map((d) => el("li", { class: "stored" },
      `${d.title || d.id}: ${d.events} events, ${d.claims} claims`)),
      answer.errors.map((e) => el("li", { class: "error" }, e))));
    form.reset();
    await loadInfo();
    await Promise.all([drawTimeline(), refreshEvents({ fit: true })]);
  } catch (error) {
    result.replaceChildren(el("p", { class: "error" }, error.message));
  }
}

// ---- sign-in, filters, start-up ---------------------------------------------------------------------------------
function handle(error) {
  if (error.status === 401 && !token()) banner("This server's data is private: sign in with a token.");
  else banner(error.message);
}

async function whoAmI() {
  state.me = null;
  if (token()) {
    try { state.me = await api("/api/me"); } catch (error) { sessionStorage.removeItem(TOKEN_KEY); handle(error); }
  }
  $("#whoami").textContent = state.me ? `${state.me.name} (${state.me.role})` : "reading as guest";
  $("#token").hidden = $("#sign-in").hidden = Boolean(state.me);
  $("#sign-out").hidden = !state.me;
  document.body.dataset.role = state.me ? state.me.role : "guest";
}

function fillSelect(select, values) {
  const first = select.options[0];
  select.replaceChildren(first, ...values.map((value) => el("option", { value }, value)));
}

async function loadInfo() {
  state.info = await api("/api/info");
  const { facets } = state.info;
  fillSelect($("#filters").event_type, facets.event_type);
  fillSelect($("#filters").country, facets.country);
  fillSelect($("#filters").code, facets.code);
  fillSelect($("#claim-status"), state.info.statuses);
  $("#counts").textContent = `${state.info.documents} documents · ${state.info.events} events · `
    + `${state.info.located_events} located`;
}

function readFilters() {
  const form = $("#filters");
  state.filters = {};
  for (const name of ["q", "event_type", "country", "code", "actor", "min_confidence", "sort"]) {
    state.filters[name] = form[name].value.trim();
  }
}

function wire() {
  let typing = null;
  $("#filters").addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => { readFilters(); drawTimeline(); refreshEvents({ fit: false }); }, 250);
  });
  $("#filters").addEventListener("submit", (e) => e.preventDefault());
  $("#clear").addEventListener("click", () => {
    $("#filters").reset(); readFilters(); state.from = state.to = null; $("#range").textContent = "All dates";
    drawTimeline(); refreshEvents({ fit: true });
  });
  $("#tabs").addEventListener("click", (e) => {
    const tab = e.target.dataset.tab;
    if (!tab) return;
    for (const button of document.querySelectorAll("#tabs button")) button.classList.toggle("active", button === e.target);
    for (const section of document.querySelectorAll(".tab")) section.hidden = section.id !== `tab-${tab}`;
    if (tab === "claims") drawClaims().catch(handle);
    if (tab === "audit") drawAudit().catch(handle);
  });
  $("#claim-status").addEventListener("change", () => drawClaims().catch(handle));
  $("#close-detail").addEventListener("click", () => { $("#detail").hidden = true; });
  $("#add-form").addEventListener("submit", addDocument);
  $("#login").addEventListener("submit", async (e) => {
    e.preventDefault();
    const value = $("#token").value.trim();
    if (!value) return;
    sessionStorage.setItem(TOKEN_KEY, value);
    $("#token").value = "";
    await whoAmI();
    await start();
  });
  $("#sign-out").addEventListener("click", async () => {
    sessionStorage.removeItem(TOKEN_KEY); await whoAmI(); await start();
  });
}

async function start() {
  try {
    await loadInfo();
  } catch (error) {
    handle(error);
    return;
  }
  banner("");
  readFilters();
  await Promise.all([drawTimeline(), refreshEvents({ fit: true })]);
  const open = $("#detail").dataset.eventId;
  if (open && !$("#detail").hidden) await openEvent(open);
}

async function main() {
  if (!window.L || !L.markerClusterGroup || !window.topojson || !window.d3 || !d3.brushX) {
    banner("The page's map libraries are missing: run ./scripts/setup.sh (it runs npm ci --prefix web).");
    document.body.dataset.ready = "missing-libraries";
    return;
  }
  wire();
  await setUpMap();
  await whoAmI();
  await start();
}

window.crisislens = { state, openEvent, markerCount: () => (state.markers ? state.markers.getLayers().length : 0) };
main();
