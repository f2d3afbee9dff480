// Monitoring-centre dashboard: live sensors, warnings to approve, published warnings, per-sensor charts.
// Plain JavaScript with no external assets, so the page works offline in a monitoring centre.
"use strict";

const LEVELS = ["none", "blue", "yellow", "orange", "red"];
const TEXT = {
  zh: {
    title: "监测预警中心", kind: "类型", region: "区域", level: "级别", operator: "值班员", sensors: "监测点",
    pending: "待审批", activeWarnings: "生效预警", published: "对外发布", metric: "指标", range: "时段",
    all: "全部", live: "实时", connecting: "连接中", reconnecting: "重新连接中", offline: "离线", online: "在线",
    approve: "审批签发", ack: "确认收到", cancel: "撤销", note: "备注", approveIn: "自动发布倒计时", awaiting: "联合发布，待以下单位签发",
    noPending: "无待审批预警", noWarnings: "无生效预警", noPublic: "暂无对外发布", evidence: "依据", onset: "起始",
    status: "状态", sensor: "监测点", area: "区域", contributors: "监测点", version: "版本", lastReading: "最新数据",
    needOperator: "请先在右上角填写值班员姓名", failed: "操作失败", publications: "发布记录", noPosition: "无坐标",
    hours: "小时", days: "天", ruleState: "规则状态", notices: "提示", readings: "读数",
    resolutions: { raw: "逐条读数", "1h": "逐时累计 / 最大", "1d": "逐日累计 / 最大" },
    levels: { none: "正常", blue: "蓝色", yellow: "黄色", orange: "橙色", red: "红色" },
    kinds: { rain: "雨量", landslide: "滑坡", chemical: "危化", firecam: "火情" },
    statuses: { "pending-approval": "待审批", active: "生效", ended: "已解除", cancelled: "已撤销" },
    states: { queued: "排队", sent: "已发送", delivered: "已送达", failed: "失败" },
    channels: { sms: "短信", broadcast: "应急广播", webhook: "推送" },
    hazards: { rainstorm: "暴雨", torrent: "山洪", geohazard: "地质灾害", chemical: "危化品", "forest-fire": "森林火灾" },
    noticeNames: { "short-duration-heavy-rain": "短时强降水" },
    signIn: "登录", signOut: "退出", apiKey: "访问密钥", keyRefused: "密钥无效或权限不足", signedInAs: "当前用户",
    reach: "叫应与覆盖", answered: "已应答", silent: "未应答", coverage: "覆盖率", target: "目标", delivered: "送达",
    noReach: "暂无需叫应的预警", calledAgain: "已再次通知", escalated: "已上报",
    neverReported: "未上报", counts: "预警统计", total: "合计", pendingRow: "待审批（监测点）",
    reports: "群测群防报告", noReports: "暂无报告", verify: "核实", reject: "驳回", overdue: "初报超时", chain: "灾情报送",
    reportStatuses: { pending: "待核实", unverified: "未登记号码", verified: "已核实", rejected: "已驳回" },
    reportKinds: { crack: "裂缝", bulge: "鼓胀", "muddy-spring": "浑水", rockfall: "崩塌落石", subsidence: "塌陷", flooding: "洪水", rain: "雨量", damage: "灾情", casualty: "伤亡" },
    chainStates: { waiting: "待回复", acknowledged: "已回复", overdue: "超时" },
  },
  en: {
    title: "Monitoring centre", kind: "Kind", region: "Region", level: "Level", operator: "Duty officer", sensors: "Sensors",
    pending: "Awaiting approval", activeWarnings: "Active warnings", published: "Published", metric: "Metric", range: "Range",
    all: "all", live: "live", connecting: "connecting", reconnecting: "reconnecting", offline: "offline", online: "online",
    approve: "Approve", ack: "Acknowledge", cancel: "Cancel", note: "note", approveIn: "published without approval in", awaiting: "joint warning, still to approve",
    noPending: "Nothing awaits approval", noWarnings: "No active warnings", noPublic: "Nothing published", evidence: "Evidence", onset: "Onset",
    reach: "Call and response, coverage", answered: "answered", silent: "not answered", coverage: "coverage", target: "target", delivered: "delivered",
    noReach: "No warning awaits answers", calledAgain: "called again", escalated: "escalated",
    neverReported: "no report yet", counts: "Warnings by hazard and level", total: "total", pendingRow: "pending approval (sensors)",
    status: "Status", sensor: "Sensor", area: "Area", contributors: "sensors", version: "version", lastReading: "Last reading",
    needOperator: "Enter the duty officer's name at the top right first", failed: "Action failed", publications: "Publications", noPosition: "no position",
    hours: "h", days: "d", ruleState: "Rule state", notices: "Notices", readings: "readings",
    resolutions: { raw: "each reading", "1h": "hourly sum / max", "1d": "daily sum / max" },
    levels: { none: "normal", blue: "blue", yellow: "yellow", orange: "orange", red: "red" },
    kinds: { rain: "rain", landslide: "landslide", chemical: "chemical", firecam: "fire camera" },
    statuses: { "pending-approval": "pending approval", active: "active", ended: "ended", cancelled: "cancelled" },
    states: { queued: "queued", sent: "sent", delivered: "delivered", failed: "failed" },
    channels: { sms: "SMS", broadcast: "broadcast", webhook: "webhook" },
    hazards: { rainstorm: "rainstorm", torrent: "mountain torrent", geohazard: "geological hazard", chemical: "chemicals", "forest-fire": "forest fire" },
    noticeNames: { "short-duration-heavy-rain": "short-duration heavy rain" },
    signIn: "Sign in", signOut: "Sign out", apiKey: "API key", keyRefused: "Key refused or not allowed", signedInAs: "Signed in as",
    reports: "Community reports", noReports: "No reports", verify: "Verify", reject: "Reject", overdue: "first report overdue", chain: "chain",
    reportStatuses: { pending: "to verify", unverified: "unknown number", verified: "verified", rejected: "rejected" },
    reportKinds: { crack: "crack", bulge: "bulge", "muddy-spring": "muddy spring", rockfall: "rockfall", subsidence: "subsidence", flooding: "flooding", rain: "rain", damage: "damage", casualty: "casualty" },
    chainStates: { waiting: "waiting", acknowledged: "acknowledged", overdue: "overdue" },
  },
};

const state = {
  lang: localStorage.getItem("warning.lang") || "zh",
  sensors: new Map(),      // id → sensor view
  warnings: new Map(),     // id → warning (active and pending)
  publicWarnings: [],
  areas: [],               // named areas with their boundaries (GET /api/areas)
  reports: [],             // community reports, newest first (GET /api/reports, then the live feed)
  chains: new Map(),       // report id → its disaster information chain (damage and casualty reports)
  selected: null,
  filters: { kind: "", region: "", level: "" },
};

const $ = (id) => document.getElementById(id);
const t = (key) => TEXT[state.lang][key] ?? key;
const label = (group, key) => TEXT[state.lang][group][key] ?? key;
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const rank = (level) => Math.max(0, LEVELS.indexOf(level));
// Times in Beijing time, whatever the browser's zone: one wall clock for the whole centre.
const ZONE = "Asia/Shanghai";
const locale = () => (state.lang === "zh" ? "zh-CN" : "en-GB");
const fmtTime = (iso) => iso ? new Date(iso).toLocaleString(locale(), { hour12: false, timeZone: ZONE }) : "—";

// The API key stays in this tab only (sessionStorage); the live feed is opened with a short-lived ticket instead,
// because EventSource cannot send an Authorization header.
async function api(path, options = {}) {
  const key = sessionStorage.getItem("warning.key");
  const headers = { ...(options.headers || {}), ...(key ? { authorization: `Bearer ${key}` } : {}) };
  const response = await fetch(path, { ...options, headers });
  if (response.status === 401) { showLogin(); throw new Error(`401 ${await response.text()}`); }
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return response.status === 204 ? null : response.json();
}

function showLogin(refused) {
  $("login-error").textContent = refused ? t("keyRefused") : "";
  if (!$("login").open) $("login").showModal();
}

async function signIn(key) {
  sessionStorage.setItem("warning.key", key);
  try {
    const me = await api("/api/me");
    $("login").close();
    $("whoami").textContent = `${me.name} (${me.role})`;
    await start();
  } catch {
    sessionStorage.removeItem("warning.key");
    showLogin(true);
  }
}

// ---- loading -------------------------------------------------------------------------------------------

async function loadAll() {
  const [sensors, warnings, publicWarnings, areas, reports] = await Promise.all([
    api("/api/sensors"), api("/api/warnings?active=true"), api("/api/public-warnings?active=true"), api("/api/areas"), api("/api/reports?limit=50"),
  ]);
  state.areas = areas;
  state.reports = reports;
  state.sensors = new Map(sensors.map((s) => [s.id, s]));
  state.warnings = new Map(warnings.map((w) => [w.id, w]));
  state.publicWarnings = publicWarnings;
  renderFilters();
  renderAll();
}

let publicReload = null;
function reloadPublicSoon() {
  clearTimeout(publicReload);
  publicReload = setTimeout(async () => {
    state.publicWarnings = await api("/api/public-warnings?active=true").catch(() => state.publicWarnings);
    renderPublic();
    renderCounts();
  }, 300);
}

// ---- live feed -----------------------------------------------------------------------------------------

let source = null;
async function connect(wasDown = false) {
  source?.close();
  let ticket;
  try {
    ({ ticket } = await api("/api/live/ticket", { method: "POST" }));
  } catch {
    setConn("reconnecting");
    setTimeout(() => connect(true), 3000);
    return;
  }
  source = new EventSource(`/api/live?ticket=${encodeURIComponent(ticket)}`);
  source.onopen = () => {
    setConn("live");
    if (wasDown) loadAll().catch(() => {});   // catch up on what was missed while disconnected
    wasDown = false;
  };
  // A ticket opens the stream once: reconnect with a new one rather than let EventSource retry the old one.
  source.onerror = () => { setConn("reconnecting"); source.close(); setTimeout(() => connect(true), 2000); };
  source.addEventListener("warning", (e) => onWarning(JSON.parse(e.data)));
  source.addEventListener("reading", (e) => onReading(JSON.parse(e.data)));
  source.addEventListener("sensor-status", (e) => onStatus(JSON.parse(e.data)));
  source.addEventListener("report", (e) => onReport(JSON.parse(e.data)));
}

function setConn(s) {
  const el = $("conn");
  el.dataset.state = s;
  el.textContent = t(s);
}

// A new report, or one a duty officer decided on: newest first, at most fifty kept.
function onReport(r) {
  state.reports = [r, ...state.reports.filter((x) => x.id !== r.id)].sort((a, b) => (a.observed < b.observed ? 1 : -1)).slice(0, 50);
  renderMap();
  renderReports();
  if (r.kind === "damage" || r.kind === "casualty") loadChains().catch(() => {});
}

// The disaster information chain of the damage and casualty reports shown: polled like reach (acknowledgements and
// overdue flags are not live events).
async function loadChains() {
  const disasters = state.reports.filter((r) => (r.kind === "damage" || r.kind === "casualty") && r.status !== "unverified");
  const chains = await Promise.all(disasters.map((r) => api(`/api/reports/${encodeURIComponent(r.id)}/chain`).catch(() => null)));
  state.chains = new Map(chains.filter(Boolean).map((c) => [c.reportId, c]));
  renderReports();
}

function renderReports() {
  // The list is drawn again every few seconds (the chains are polled): a note being typed stays.
  const typed = new Map([...document.querySelectorAll("#reports li[data-report-id] input.note")].map((i) => [i.closest("li").dataset.reportId, i.value]));
  const focused = document.activeElement?.closest?.("#reports li[data-report-id]")?.dataset.reportId;
  const list = state.reports.filter((r) => !state.filters.region || r.area.startsWith(state.filters.region));
  $("reports").innerHTML = list.length ? list.map((r) => {
    const chain = state.chains.get(r.id);
    const desks = chain?.desks?.length
      ? `<div class="muted chain">${esc(t("chain"))}: ${chain.desks.map((d) => `<span data-desk="${esc(d.recipientId)}" data-state="${esc(d.state)}">${esc(d.name)} ${esc(label("chainStates", d.state))}</span>`).join(" · ")}</div>` : "";
    const decide = r.status === "pending"
      ? `<div><input class="note" placeholder="${esc(t("note"))}" size="12"> <button type="button" data-report-action="verify" data-report-id="${esc(r.id)}">${esc(t("verify"))}</button>
         <button type="button" data-report-action="reject" data-report-id="${esc(r.id)}">${esc(t("reject"))}</button></div>` : "";
    return `<li data-report-id="${esc(r.id)}" data-status="${esc(r.status)}" data-kind="${esc(r.kind)}" data-overdue="${chain?.overdue === true}">
      <span class="badge report-status" data-status="${esc(r.status)}">${esc(label("reportStatuses", r.status))}</span>
      <b>${esc(label("reportKinds", r.kind))}</b> ${esc(r.reporter ?? r.phone ?? "")} · ${esc(r.area)} · ${esc(fmtTime(r.observed))}
      ${chain?.overdue ? `<span class="overdue">${esc(t("overdue"))}</span>` : ""}
      <div class="muted">${esc(r.text)}${r.amount != null ? ` (${r.amount} mm)` : ""}${r.note ? ` — ${esc(r.decidedBy ?? "")}: ${esc(r.note)}` : ""}</div>${desks}${decide}</li>`;
  }).join("") : `<li class="muted">${esc(t("noReports"))}</li>`;
  for (const input of document.querySelectorAll("#reports li[data-report-id] input.note")) {
    const id = input.closest("li").dataset.reportId;
    if (typed.has(id)) input.value = typed.get(id);
    if (id === focused) input.focus();
  }
}

async function decideReport(action, id, note) {
  const by = $("operator").value.trim();
  if (!by) { alert(t("needOperator")); $("operator").focus(); return; }
  try {
    const r = await api(`/api/reports/${encodeURIComponent(id)}/${action}`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ by, note: note || by }),
    });
    onReport(r);
  } catch (e) {
    alert(`${t("failed")}: ${e.message}`);
  }
}

function onWarning(w) {
  if (w.status === "active" || w.status === "pending-approval") state.warnings.set(w.id, w);
  else state.warnings.delete(w.id);
  const sensor = state.sensors.get(w.sensorId);
  if (sensor) {
    const live = [...state.warnings.values()].filter((x) => x.sensorId === w.sensorId);
    sensor.level = live.length ? live.reduce((a, b) => (rank(b.level) > rank(a.level) ? b : a)).level : "none";
    sensor.activeWarningId = live[0]?.id ?? null;
  }
  renderMap();
  renderWarnings();
  renderCounts();
  reloadPublicSoon();
  if (state.selected === w.sensorId) renderDetail();
}

function onReading(r) {
  const sensor = state.sensors.get(r.sensorId);
  if (!sensor) return;
  sensor.lastReading = { ts: r.ts, values: r.values };
  sensor.lastSeen ??= new Date().toISOString();
  sensor.online = true;
  renderSensor(sensor);
}

function onStatus(s) {
  const sensor = state.sensors.get(s.sensorId);
  if (!sensor) return;
  sensor.online = s.online;
  renderSensor(sensor);
}

// ---- filters and texts ---------------------------------------------------------------------------------

function renderFilters() {
  const option = (value, text, selected) => `<option value="${esc(value)}"${selected ? " selected" : ""}>${esc(text)}</option>`;
  const kinds = [...new Set([...state.sensors.values()].map((s) => s.kind))].sort();
  const regions = [...new Set([...state.sensors.values()].map((s) => s.region))].sort();
  $("f-kind").innerHTML = option("", t("all")) + kinds.map((k) => option(k, label("kinds", k), state.filters.kind === k)).join("");
  $("f-region").innerHTML = option("", t("all")) + regions.map((r) => option(r, r, state.filters.region === r)).join("");
  $("f-level").innerHTML = option("", t("all")) + LEVELS.map((l) => option(l, label("levels", l), state.filters.level === l)).join("");
  const ranges = [6, 24, 72, 168, 720, 2160, 4320];   // up to a season (180 days): one request, at the resolution the server picks
  const current = Number($("detail-range").value || 24);
  $("detail-range").innerHTML = ranges.map((h) => option(h, h < 48 ? `${h} ${t("hours")}` : `${h / 24} ${t("days")}`, h === current)).join("");
}

function applyLanguage() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  document.title = t("title");
  document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
  $("lang").textContent = state.lang === "zh" ? "English" : "中文";
  setConn($("conn").dataset.state);
  renderFilters();
  renderAll();
}

function visible(sensor) {
  const f = state.filters;
  return (!f.kind || sensor.kind === f.kind) && (!f.region || sensor.region.startsWith(f.region)) && (!f.level || sensor.level === f.level);
}

// ---- map -----------------------------------------------------------------------------------------------

const MAP = { width: 1000, height: 640, pad: 40 };

// Every ring of an area's GeoJSON boundary (Polygon or MultiPolygon), as [lon, lat] positions.
function rings(polygon) {
  if (!polygon) return [];
  return polygon.type === "MultiPolygon" ? polygon.coordinates.flat() : polygon.type === "Polygon" ? polygon.coordinates : [];
}

// Equirectangular, true to scale at the middle latitude, fitted to the sensors and the known boundaries.
function projection(sensors, areas) {
  const points = sensors.filter((s) => s.lat != null && s.lon != null).map((s) => [s.lon, s.lat]);
  for (const a of areas) for (const ring of rings(a.polygon)) points.push(...ring);
  if (!points.length) return null;
  let [minLon, maxLon, minLat, maxLat] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [lon, lat] of points) {
    minLon = Math.min(minLon, lon); maxLon = Math.max(maxLon, lon);
    minLat = Math.min(minLat, lat); maxLat = Math.max(maxLat, lat);
  }
  const midLat = (minLat + maxLat) / 2, midLon = (minLon + maxLon) / 2;
  const kx = Math.cos((midLat * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * kx, 0.05), spanY = Math.max(maxLat - minLat, 0.05);
  const scale = Math.min((MAP.width - 2 * MAP.pad) / spanX, (MAP.height - 2 * MAP.pad) / spanY);
  return (lon, lat) => [MAP.width / 2 + (lon - midLon) * kx * scale, MAP.height / 2 - (lat - midLat) * scale];
}

function hull(points) {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p;
  const cross = (o, a, b) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower = [], upper = [];
  for (const q of p) { while (lower.length >= 2 && cross(lower.at(-2), lower.at(-1), q) <= 0) lower.pop(); lower.push(q); }
  for (const q of p.reverse()) { while (upper.length >= 2 && cross(upper.at(-2), upper.at(-1), q) <= 0) upper.pop(); upper.push(q); }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

// Labels that do not overlap: each takes the first of its candidate places whose box hits no box placed before it (the
// sensors' dots are placed first); one with no free place is left out, its name still in the element's tooltip.
function labelPlacer() {
  const boxes = [];
  const width = (text) => [...text].reduce((w, ch) => w + (ch.codePointAt(0) > 0x2e80 ? 12 : 6.6), 0);
  const hits = (b) => boxes.some((o) => b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h);
  return {
    block(x, y, w, h) { boxes.push({ x, y, w, h }); },
    // candidates: [dx, dy, anchor] around (x, y); returns the one taken or null.
    place(text, x, y, candidates) {
      const w = width(text), h = 14;
      for (const [dx, dy, anchor] of candidates) {
        const left = anchor === "end" ? x + dx - w : anchor === "middle" ? x + dx - w / 2 : x + dx;
        const box = { x: left, y: y + dy - 11, w, h };
        if (box.x < 0 || box.x + w > MAP.width || box.y < 0 || box.y + h > MAP.height || hits(box)) continue;
        boxes.push(box);
        return { dx, dy, anchor };
      }
      return null;
    },
  };
}

const SENSOR_LABEL = [[12, 4, "start"], [-12, 4, "end"], [0, -13, "middle"], [0, 21, "middle"]];
const AREA_LABEL = [[0, 4, "middle"], [0, -14, "middle"], [0, 22, "middle"]];

function renderMap() {
  const all = [...state.sensors.values()];
  const shown = all.filter(visible);
  $("sensor-count").textContent = `${shown.length} / ${all.length}`;
  const drawn = state.areas.filter((a) => rings(a.polygon).length);
  const placedReports = state.reports.filter((r) => r.lat != null && r.lon != null && (!state.filters.region || r.area.startsWith(state.filters.region)));
  const project = projection([...all, ...placedReports], drawn);
  const svg = $("map");
  svg.setAttribute("viewBox", `0 0 ${MAP.width} ${MAP.height}`);
  let html = "";
  if (project) {
    const placer = labelPlacer();
    const placed = shown.filter((x) => x.lat != null && x.lon != null)
      .map((s) => ({ s, at: project(s.lon, s.lat) }))
      .sort((a, b) => rank(b.s.level) - rank(a.s.level));   // the highest level's labels are placed first
    for (const { at: [x, y] } of placed) placer.block(x - 8, y - 8, 16, 16);

    // Known boundaries, counties under townships under villages; a county without one gets its sensors' hull.
    const labels = [];
    for (const a of [...drawn].sort((p, q) => p.code.length - q.code.length)) {
      const d = rings(a.polygon).map((ring) => "M" + ring.map(([lon, lat]) => project(lon, lat).map((v) => v.toFixed(1)).join(",")).join("L") + "Z").join("");
      html += `<path class="area" data-area-code="${esc(a.code)}" data-depth="${a.code.length}" fill-rule="evenodd" d="${d}"><title>${esc(a.name)} ${esc(a.code)}</title></path>`;
      const outer = rings(a.polygon)[0].map(([lon, lat]) => project(lon, lat));
      const [xs, ys] = [outer.map((p) => p[0]), outer.map((p) => p[1])];
      labels.push({ text: a.name, x: (Math.min(...xs) + Math.max(...xs)) / 2, y: a.code.length === 12 ? (Math.min(...ys) + Math.max(...ys)) / 2 : Math.min(...ys) + 16, code: a.code });
    }
    const bounded = new Set(drawn.map((a) => a.code));
    const regions = new Map();
    for (const s of all.filter((x) => x.lat != null && x.lon != null && !bounded.has(x.region))) {
      if (!regions.has(s.region)) regions.set(s.region, []);
      regions.get(s.region).push(project(s.lon, s.lat));
    }
    for (const [region, points] of regions) {
      const h = hull(points);
      if (h.length >= 3) html += `<polygon class="region" points="${h.map((p) => p.map((v) => v.toFixed(1)).join(",")).join(" ")}"/>`;
      else html += `<circle class="region" cx="${points[0][0].toFixed(1)}" cy="${points[0][1].toFixed(1)}" r="28"/>`;
      const name = state.areas.find((a) => a.code === region)?.name ?? region;
      labels.push({ text: name, x: Math.min(...points.map((p) => p[0])), y: Math.min(...points.map((p) => p[1])) - 30, code: region });
    }
    const sensorLabels = new Map();
    for (const { s, at: [x, y] } of placed) if (s.level !== "none") sensorLabels.set(s.id, placer.place(`${s.name} · ${sensorLabel(s)}`, x, y, SENSOR_LABEL));
    for (const l of labels.sort((p, q) => q.code.length - p.code.length)) {
      const spot = placer.place(l.text, l.x, l.y, AREA_LABEL);
      if (spot) html += `<text class="area-label" data-area-code="${esc(l.code)}" x="${(l.x + spot.dx).toFixed(1)}" y="${(l.y + spot.dy).toFixed(1)}" text-anchor="${spot.anchor}">${esc(l.text)}</text>`;
    }
    for (const { s, at: [x, y] } of placed) if (s.level === "none") sensorLabels.set(s.id, placer.place(`${s.name} · ${sensorLabel(s)}`, x, y, SENSOR_LABEL));
    for (const { s, at: [x, y] } of [...placed].reverse()) {
      const spot = sensorLabels.get(s.id);
      const text = spot ? `<text x="${spot.dx}" y="${spot.dy}" text-anchor="${spot.anchor}">${esc(s.name)} · ${esc(sensorLabel(s))}</text>` : "";
      html += `<g class="sensor${state.selected === s.id ? " selected" : ""}" data-sensor-id="${esc(s.id)}" data-level="${esc(s.level)}" data-online="${onlineState(s)}" transform="translate(${x.toFixed(1)},${y.toFixed(1)})">`
        + `<circle r="8"/>${text}<title>${esc(s.name)} · ${esc(sensorLabel(s))} (${esc(s.id)})</title></g>`;
    }
  }
  if (project) {
    // Community reports: a diamond at the reported place (dashed while not verified), under the sensors' labels' tooltips.
    for (const r of placedReports) {
      const [x, y] = project(r.lon, r.lat);
      html += `<g class="report" data-report-id="${esc(r.id)}" data-kind="${esc(r.kind)}" data-status="${esc(r.status)}" transform="translate(${x.toFixed(1)},${y.toFixed(1)})">`
        + `<path d="M0,-7L7,0L0,7L-7,0Z"/><title>${esc(label("reportKinds", r.kind))} · ${esc(label("reportStatuses", r.status))} · ${esc(r.reporter ?? r.phone ?? "")} ${esc(r.text)}</title></g>`;
    }
  }
  svg.innerHTML = html;
  $("unplaced").innerHTML = shown.filter((s) => s.lat == null || s.lon == null)
    .map((s) => `<span class="chip sensor" data-sensor-id="${esc(s.id)}" data-level="${esc(s.level)}" data-online="${onlineState(s)}" title="${esc(t("noPosition"))}">${esc(s.name)} · ${esc(sensorLabel(s))}</span>`)
    .join("");
  $("legend").innerHTML = LEVELS.map((l) => `<span><span class="badge" data-level="${l}">${esc(label("levels", l))}</span></span>`).join("")
    + `<span><span class="badge" style="--c: var(--offline)">${esc(t("offline"))}</span></span>`
    + `<span><span class="badge" style="--c: var(--never)">${esc(t("neverReported"))}</span></span>`;
}

// A sensor never heard from is "not reported" (未上报), not "normal, offline".
const onlineState = (s) => (s.lastSeen == null ? "never" : String(s.online));

function sensorLabel(s) {
  if (s.lastSeen == null) return t("neverReported");
  return s.online === false ? `${label("levels", s.level)} (${t("offline")})` : label("levels", s.level);
}

// Counts of active public warnings per hazard and level, and of sensor warnings still awaiting approval per level.
function renderCounts() {
  const levels = LEVELS.filter((l) => l !== "none");
  const hazards = Object.keys(TEXT.zh.hazards);
  const count = (list, l) => list.filter((w) => w.level === l).length;
  const cell = (n, attrs) => `<td ${attrs}>${n || ""}</td>`;
  const rows = hazards.map((h) => {
    const of = state.publicWarnings.filter((p) => p.hazard === h);   // loaded with ?active=true
    return `<tr data-hazard="${h}"><th>${esc(label("hazards", h))}</th>${levels.map((l) => cell(count(of, l), `data-level="${l}"`)).join("")}${cell(of.length, 'data-level="total"')}</tr>`;
  });
  const pending = [...state.warnings.values()].filter((w) => w.status === "pending-approval");
  rows.push(`<tr data-hazard="pending"><th>${esc(t("pendingRow"))}</th>${levels.map((l) => cell(count(pending, l), `data-level="${l}"`)).join("")}${cell(pending.length, 'data-level="total"')}</tr>`);
  $("counts").innerHTML = `<thead><tr><th></th>${levels.map((l) => `<th><span class="badge" data-level="${l}">${esc(label("levels", l))}</span></th>`).join("")}<th>${esc(t("total"))}</th></tr></thead><tbody>${rows.join("")}</tbody>`;
}

function renderSensor(sensor) {
  // Cheap path for reading summaries: only the sensor's element changes.
  document.querySelectorAll(`[data-sensor-id="${CSS.escape(sensor.id)}"]`).forEach((el) => {
    el.dataset.level = sensor.level;
    el.dataset.online = onlineState(sensor);
    // A map label left out for want of room keeps its words in the tooltip.
    const text = el.querySelector("text") ?? (el.tagName.toLowerCase() === "g" ? null : el);
    if (text) text.textContent = `${sensor.name} · ${sensorLabel(sensor)}`;
    const title = el.querySelector("title");
    if (title) title.textContent = `${sensor.name} · ${sensorLabel(sensor)} (${sensor.id})`;
  });
  if (state.selected === sensor.id) renderDetailState();
}

// ---- warnings ------------------------------------------------------------------------------------------

function warningLine(w) {
  const e = w.evidence;
  return e ? `${e.metric} ${e.window} = ${e.value} (≥ ${e.threshold})` : "";
}

function renderWarnings() {
  const all = [...state.warnings.values()].filter((w) => { const s = state.sensors.get(w.sensorId); return !s || visible(s); });
  const pending = all.filter((w) => w.status === "pending-approval").sort((a, b) => rank(b.level) - rank(a.level));
  $("pending").innerHTML = pending.length ? pending.map((w) => `
    <li data-level="${esc(w.level)}" data-warning-id="${esc(w.id)}">
      <div><span class="badge" data-level="${esc(w.level)}">${esc(label("levels", w.level))}</span>
        <b>${esc(w.headline)}</b></div>
      <div class="muted">${esc(t("evidence"))}: ${esc(warningLine(w))} · ${esc(t("onset"))} ${esc(fmtTime(w.onset))} · ${esc((w.areas || []).join(", "))}</div>
      <div>${esc(t("approveIn"))} <span class="countdown" data-due="${esc(w.approvalDue ?? "")}"></span></div>
      ${w.awaitingUnits?.length ? `<div class="awaiting">${esc(t("awaiting"))}: ${esc(w.awaitingUnits.join(", "))}</div>` : ""}
      <div class="actions">
        <input class="note" placeholder="${esc(t("note"))}">
        <button type="button" data-action="approve" data-warning-id="${esc(w.id)}">${esc(t("approve"))}</button>
        <button type="button" data-action="cancel" data-warning-id="${esc(w.id)}">${esc(t("cancel"))}</button>
      </div>
    </li>`).join("") : `<li class="muted" style="border:0;animation:none;background:none">${esc(t("noPending"))}</li>`;
  const active = all.sort((a, b) => rank(b.level) - rank(a.level) || b.updated.localeCompare(a.updated));
  $("warnings").querySelector("thead").innerHTML = `<tr><th>${esc(t("level"))}</th><th>${esc(t("sensor"))}</th><th>${esc(t("area"))}</th><th>${esc(t("onset"))}</th><th>${esc(t("evidence"))}</th><th>${esc(t("status"))}</th><th></th></tr>`;
  $("warnings").querySelector("tbody").innerHTML = active.length ? active.map((w) => `
    <tr class="${w.status === "pending-approval" ? "pending" : ""}" data-warning-id="${esc(w.id)}" data-status="${esc(w.status)}">
      <td><span class="badge" data-level="${esc(w.level)}">${esc(label("levels", w.level))}</span></td>
      <td><a href="#" data-select="${esc(w.sensorId)}">${esc(state.sensors.get(w.sensorId)?.name ?? w.sensorId)}</a></td>
      <td>${esc((w.areas || []).join(", ") || w.region)}</td>
      <td>${esc(fmtTime(w.onset))}</td>
      <td>${esc(warningLine(w))}</td>
      <td>${esc(label("statuses", w.status))}</td>
      <td class="actions">
        <button type="button" data-action="ack" data-warning-id="${esc(w.id)}">${esc(t("ack"))}</button>
        <button type="button" data-action="cancel" data-warning-id="${esc(w.id)}">${esc(t("cancel"))}</button>
      </td>
    </tr>`).join("") : `<tr><td colspan="7" class="muted">${esc(t("noWarnings"))}</td></tr>`;
  tickCountdowns();
}

function tickCountdowns() {
  const now = Date.now();
  document.querySelectorAll(".countdown").forEach((el) => {
    if (!el.dataset.due) { el.textContent = "—"; return; }
    const left = Math.round((Date.parse(el.dataset.due) - now) / 1000);
    const s = Math.abs(left);
    el.textContent = `${left < 0 ? "-" : ""}${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
    el.classList.toggle("overdue", left <= 0);
  });
}

function renderPublic() {
  const list = state.publicWarnings.filter((p) => !state.filters.region || p.region.startsWith(state.filters.region));
  $("public").innerHTML = list.length ? list.map((p) => {
    const last = p.versions.at(-1);
    return `<li data-public-id="${esc(p.id)}"><span class="badge" data-level="${esc(p.level)}">${esc(label("levels", p.level))}</span>
      ${esc(p.area)} ${esc(label("hazards", p.hazard))} · ${esc(t("version"))} ${last ? last.number : "—"} ${esc(last?.msgType ?? "")}
      · ${p.contributors.length} ${esc(t("contributors"))}
      <div class="muted">${esc(p.contributors.map((c) => `${c.sensorId} ${label("levels", c.level)}`).join(", "))}</div></li>`;
  }).join("") : `<li class="muted">${esc(t("noPublic"))}</li>`;
}

// Call-and-response: who has answered each public warning and who has not, and each county's coverage against its
// target. Polled every few seconds (answers arrive by SMS, link and desk; none of them is a warning change).
async function loadReach() {
  const active = state.publicWarnings || [];
  const counties = [...new Set(active.map((p) => p.region))];
  const [reaches, coverages] = await Promise.all([
    Promise.all(active.map((p) => api(`/api/warnings/${encodeURIComponent(p.id)}/reach`).catch(() => null))),
    Promise.all(counties.map((c) => api(`/api/areas/${encodeURIComponent(c)}/coverage`).catch(() => null))),
  ]);
  state.reach = reaches.filter(Boolean);
  state.coverage = coverages.filter(Boolean);
  renderReach();
}

function renderReach() {
  const pct = (x) => (x == null ? "—" : `${(x * 100).toFixed(1)}%`);
  $("coverage").innerHTML = (state.coverage || []).map((c) =>
    `<li data-county="${esc(c.area)}" data-meets="${c.meetsTarget === true}">${esc(c.area)} ${esc(t("coverage"))}
      <b class="figure">${pct(c.coverage)}</b> (${c.delivered}/${c.targeted} ${esc(t("delivered"))}) · ${esc(t("target"))} ${pct(c.target)}</li>`).join("");
  const list = (state.reach || []).filter((r) => r.officials.length);
  $("reach").innerHTML = list.length ? list.map((r) => {
    const person = (o) => `<li data-recipient-id="${esc(o.recipientId)}" data-state="${esc(o.state)}">${esc(o.name)}
      <span class="muted">${esc(o.area)}${o.state === "confirmed" ? ` · ${esc(o.channel || "")} ${o.latencySeconds == null ? "" : `${Math.round(o.latencySeconds)}s`}` : o.stage >= 2 ? ` · ${esc(t("escalated"))}` : o.stage === 1 ? ` · ${esc(t("calledAgain"))}` : ""}</span></li>`;
    const answered = r.officials.filter((o) => o.state === "confirmed");
    const silent = r.officials.filter((o) => o.state !== "confirmed");
    return `<li data-reach-id="${esc(r.warningId)}"><b>${esc(r.area)}</b> ${esc(t("answered"))} ${answered.length}/${r.officials.length}
      · ${esc(t("delivered"))} ${r.total.delivered}/${r.total.targeted}
      <div class="answers"><ul class="silent"><li class="muted">${esc(t("silent"))}</li>${silent.map(person).join("")}</ul>
      <ul class="answered"><li class="muted">${esc(t("answered"))}</li>${answered.map(person).join("")}</ul></div></li>`;
  }).join("") : `<li class="muted">${esc(t("noReach"))}</li>`;
}

async function act(action, id, note) {
  const by = $("operator").value.trim();
  if (!by) { alert(t("needOperator")); $("operator").focus(); return; }
  try {
    const updated = await api(`/api/warnings/${encodeURIComponent(id)}/${action}`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ by, note: note || null }),
    });
    onWarning(updated);
    reloadPublicSoon();
  } catch (e) {
    alert(`${t("failed")}: ${e.message}`);
  }
}

// ---- sensor detail -------------------------------------------------------------------------------------

async function select(id) {
  state.selected = id;
  $("detail").hidden = false;
  renderMap();
  await renderDetail();
}

function renderDetailState() {
  const s = state.sensors.get(state.selected);
  if (!s) return;
  $("detail-title").innerHTML = `${esc(s.name)} <small class="muted">${esc(s.id)} · ${esc(label("kinds", s.kind))} · ${esc(s.ruleset)} · ${esc(s.region)}</small>`;
  const values = s.lastReading ? Object.entries(s.lastReading.values).map(([k, v]) => `${k}=${v}`).join(", ") : "—";
  $("detail-state").innerHTML = `<span class="badge" data-level="${esc(s.level)}">${esc(label("levels", s.level))}</span>
    ${esc(s.online ? t("online") : t("offline"))} · ${esc(t("lastReading"))}: ${esc(fmtTime(s.lastReading?.ts))} ${esc(values)}
    · ${esc(t("readings"))} ${s.readings ?? "—"}${(s.notices || []).length ? ` · ${esc(t("notices"))}: ${esc(s.notices.map(noticeText).join("; "))}` : ""}`;
}

function noticeText(n) {
  const e = n.evidence;
  return `${label("noticeNames", n.code)}${e ? ` (${e.metric} ${e.window} = ${e.value} ≥ ${e.threshold})` : ""}`;
}

async function renderDetail() {
  const id = state.selected;
  if (!id) return;
  const s = await api(`/api/sensors/${encodeURIComponent(id)}`).catch(() => state.sensors.get(id));
  if (s) state.sensors.set(id, s);
  renderDetailState();
  const thresholds = await api(`/api/sensors/${encodeURIComponent(id)}/thresholds`).catch(() => []);
  const metrics = [...new Set([...Object.keys(s?.lastReading?.values ?? {}), ...thresholds.map((x) => x.metric)])];
  const metricSelect = $("detail-metric");
  const keep = metrics.includes(metricSelect.value) ? metricSelect.value : metrics[0];
  metricSelect.innerHTML = metrics.map((m) => `<option${m === keep ? " selected" : ""}>${esc(m)}</option>`).join("");
  await renderChart(s, keep, thresholds.filter((x) => x.metric === keep));
  await renderPublications(id);
}

function isoMs(window) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(window || "");
  if (!m) return 0;
  return (((+m[1] || 0) * 24 + (+m[2] || 0)) * 60 + (+m[3] || 0)) * 60000 + (+m[4] || 0) * 1000;
}

async function renderChart(sensor, metric, thresholds) {
  const svg = $("chart");
  const W = 1000, H = 260, L = 50, R = 110, T = 12, B = 28;
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  if (!sensor || !metric) { svg.innerHTML = ""; return; }
  const hours = Number($("detail-range").value || 24);
  const end = sensor.lastReading ? Date.parse(sensor.lastReading.ts) : Date.now();   // event time: replays show their own season
  const longest = Math.max(0, ...thresholds.map((x) => isoMs(x.window)));
  const from = new Date(end - hours * 3600e3 - longest).toISOString(), to = new Date(end).toISOString();
  // The server picks the resolution by range: each reading up to 2 days, hourly up to 90, daily beyond (sum and max per interval).
  const series = await api(`/api/sensors/${encodeURIComponent(sensor.id)}/telemetry?metric=${encodeURIComponent(metric)}&from=${from}&to=${to}`).catch(() => ({ points: [] }));
  const step = { "1h": 3600e3, "1d": 86400e3 }[series.resolution] || 0;
  const windowed = thresholds.some((x) => x.window);
  // A rollup point is an interval: its sum where thresholds are over a window (rain), else its largest reading.
  const valueOf = (p) => (step && !windowed ? p.max?.[metric] : p.values[metric]);
  const all = series.points.filter((p) => valueOf(p) != null).map((p) => ({ t: Date.parse(p.ts), v: valueOf(p) })).sort((a, b) => a.t - b.t);
  const start = end - hours * 3600e3;
  const points = all.filter((p) => p.t + step >= start);
  // Windowed thresholds are drawn against the rolling sum over their window, as the rule sees it; windows shorter than
  // a rollup interval cannot be drawn from it, nor their thresholds.
  thresholds = thresholds.filter((x) => !x.window || isoMs(x.window) >= step);
  const windows = [...new Set(thresholds.filter((x) => x.window).map((x) => x.window))];
  const sums = windows.map((w) => {
    const span = isoMs(w);
    return { window: w, points: points.map((p) => ({ t: p.t, v: all.filter((q) => q.t > p.t - span && q.t <= p.t).reduce((a, q) => a + q.v, 0) })) };
  });
  const top = Math.max(1, ...points.map((p) => p.v), ...sums.flatMap((s) => s.points.map((p) => p.v)), ...thresholds.map((x) => x.value)) * 1.08;
  const bottom = Math.min(0, ...points.map((p) => p.v));
  const x = (ms) => L + ((ms - start) / (end - start || 1)) * (W - L - R);
  const y = (v) => T + (1 - (v - bottom) / (top - bottom || 1)) * (H - T - B);
  let html = `<line class="axis" x1="${L}" y1="${y(bottom)}" x2="${W - R}" y2="${y(bottom)}"/><line class="axis" x1="${L}" y1="${T}" x2="${L}" y2="${H - B}"/>`;
  for (let i = 0; i <= 4; i++) {
    const v = bottom + ((top - bottom) * i) / 4;
    html += `<text class="tick" x="4" y="${y(v) + 4}">${v.toFixed(v < 10 ? 1 : 0)}</text>`;
    const ms = start + ((end - start) * i) / 4;
    html += `<text class="tick" x="${x(ms) - 30}" y="${H - 8}">${esc(new Date(ms).toLocaleString(locale(), { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false, timeZone: ZONE }))}</text>`;
  }
  html += `<text class="tick" x="${L + 6}" y="${T + 10}">${esc(label("resolutions", series.resolution || "raw"))}</text>`;
  if (windowed) {
    const w = Math.min(12, Math.max(1, ((W - L - R) / Math.max(points.length, 1)) * 0.6));
    html += `<g class="bars">${points.map((p) => `<rect x="${x(p.t) - w / 2}" y="${y(Math.max(p.v, 0))}" width="${w}" height="${Math.abs(y(p.v) - y(0))}"/>`).join("")}</g>`;
    const colours = ["#ffd54f", "#ff8a65", "#ce93d8", "#80cbc4"];
    sums.forEach((s, i) => {
      html += `<polyline class="sum" style="stroke:${colours[i % colours.length]}" points="${s.points.map((p) => `${x(p.t)},${y(p.v)}`).join(" ")}"/>`;
      html += `<text class="tick" style="fill:${colours[i % colours.length]}" x="${W - R + 4}" y="${T + 12 + i * 14}">Σ ${esc(s.window)}</text>`;
    });
  } else {
    html += `<polyline class="series" points="${points.map((p) => `${x(p.t)},${y(p.v)}`).join(" ")}"/>`;
  }
  // One line per value; a value several levels share (50 mm over 12, 6 and 3 h) carries all their names.
  const byValue = new Map();
  for (const th of thresholds) byValue.set(th.value, [...(byValue.get(th.value) ?? []), th]);
  for (const [value, lines] of byValue) {
    const highest = lines.reduce((a, b) => (rank(b.level) > rank(a.level) ? b : a));
    const text = lines.map((th) => `${label("levels", th.level)}${th.window ? ` ${th.window}` : ""}`).join(" · ");
    html += `<g data-level="${esc(highest.level)}"><line class="threshold" x1="${L}" x2="${W - R}" y1="${y(value)}" y2="${y(value)}"/>`
      + `<text class="threshold-label" x="${W - R + 4}" y="${y(value) + 4}">${value} ${esc(text)}</text></g>`;
  }
  svg.innerHTML = html;
}

async function renderPublications(sensorId) {
  const warnings = (await api(`/api/warnings?sensorId=${encodeURIComponent(sensorId)}`).catch(() => [])).slice(0, 5);
  const rows = await Promise.all(warnings.map(async (w) => {
    const records = await api(`/api/publications?warningId=${encodeURIComponent(w.id)}`).catch(() => []);
    const counts = {};
    for (const r of records) {
      const key = `${label("channels", r.channel)} ${label("states", r.state)}`;
      counts[key] = (counts[key] || 0) + 1;
    }
    return `<tr><td><span class="badge" data-level="${esc(w.level)}">${esc(label("levels", w.level))}</span></td><td>${esc(w.id)}</td>
      <td>${esc(label("statuses", w.status))}</td><td>${esc(Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(" · ") || "—")}</td></tr>`;
  }));
  $("detail-publications").innerHTML = `<h3>${esc(t("publications"))}</h3><table><tbody>${rows.join("")}</tbody></table>`;
}

// ---- wiring --------------------------------------------------------------------------------------------

function renderAll() {
  renderMap();
  renderCounts();
  renderWarnings();
  renderPublic();
  renderReach();
  renderReports();
  if (state.selected) renderDetail();
}

document.addEventListener("click", (e) => {
  const decision = e.target.closest("button[data-report-action]");
  if (decision) {
    decideReport(decision.dataset.reportAction, decision.dataset.reportId, decision.closest("li")?.querySelector("input.note")?.value);
    return;
  }
  const button = e.target.closest("button[data-action]");
  if (button) {
    const note = button.closest("li, tr")?.querySelector("input.note")?.value;
    act(button.dataset.action, button.dataset.warningId, note);
    return;
  }
  const link = e.target.closest("[data-select]");
  if (link) { e.preventDefault(); select(link.dataset.select); return; }
  const sensor = e.target.closest("[data-sensor-id]");
  if (sensor && !e.target.closest("#pending, #warnings")) select(sensor.dataset.sensorId);
});

for (const [id, key] of [["f-kind", "kind"], ["f-region", "region"], ["f-level", "level"]]) {
  $(id).addEventListener("change", (e) => { state.filters[key] = e.target.value; renderAll(); });
}
$("detail-metric").addEventListener("change", () => renderDetail());
$("detail-range").addEventListener("change", () => renderDetail());
$("detail-close").addEventListener("click", () => { state.selected = null; $("detail").hidden = true; renderMap(); });
$("lang").addEventListener("click", () => {
  state.lang = state.lang === "zh" ? "en" : "zh";
  localStorage.setItem("warning.lang", state.lang);
  applyLanguage();
});
$("operator").value = localStorage.getItem("warning.operator") || "";
$("operator").addEventListener("change", (e) => localStorage.setItem("warning.operator", e.target.value.trim()));

setInterval(() => {
  $("clock").textContent = new Date().toLocaleTimeString(locale(), { hour12: false, timeZone: ZONE });
  tickCountdowns();
}, 1000);
setInterval(() => loadAll().catch(() => {}), 30000);   // sensors going offline, new registry entries
setInterval(() => { if (started) { loadReach().catch(() => {}); loadChains().catch(() => {}); } }, 3000);

$("login-form").addEventListener("submit", (e) => { e.preventDefault(); signIn($("login-key").value.trim()); });
$("sign-out").addEventListener("click", () => { sessionStorage.removeItem("warning.key"); location.reload(); });

let started = false;
async function start() {
  if (started) return;
  await loadAll();
  started = true;
  loadReach().catch(() => {});
  loadChains().catch(() => {});
  connect();
}

setConn("connecting");
applyLanguage();
api("/api/me").then((me) => { $("whoami").textContent = `${me.name} (${me.role})`; }).catch(() => {});
start().catch((e) => {
  if (e.message.startsWith("401")) return;   // the sign-in dialog is open
  setConn("reconnecting"); console.error(e); setTimeout(() => location.reload(), 5000);
});
