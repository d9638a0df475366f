// What the county's desk says, worked out from what the core returns (pure: unit-tested with
// node --test). The core decides every score, hint and blocker; this only words them.

/** The list's columns. */
export const DESK_COLUMNS = ["申报", "劳务品牌名称", "培育建设单位", "版本", "自评分", "核定分", "差异", "佐证", "待处理", "决定"];

/** A score as the list shows it: the number, or 否决. */
export function scoreText(total, vetoed) {
  return vetoed ? "否决" : String(total);
}

/** 核定分 − 自评分, signed ("+0" for none), blank when either is vetoed. */
export function differenceText(row) {
  if (row.self_vetoed || row.assessed_vetoed) return "";
  const d = row.difference;
  return d > 0 ? `+${d}` : d < 0 ? `−${-d}` : "0";
}

const DECISIONS = { recommend: "推荐", decline: "不推荐", return: "退回补正", withdrawn: "撤回" };

/** The decision cell: 推荐（第 n）, 不推荐, 退回补正, 撤回 or 待定. */
export function decisionText(row) {
  if (row.decision === "recommend" && row.rank) return `推荐（第 ${row.rank}）`;
  return DECISIONS[row.decision] ?? "待定";
}

/** What is still to do for a row, in a few words ("2 条提示、1 项存疑"), or "". */
export function pendingText(row) {
  const parts = [];
  if (row.open_hints) parts.push(`${row.open_hints} 条提示`);
  if (row.doubtful) parts.push(`${row.doubtful} 项存疑`);
  return parts.join("、");
}

/** The cells of a row of the list. */
export function deskCells(row) {
  return [
    String(row.application),
    row.brand,
    row.unit,
    row.versions > 1 ? `第 ${row.version} 版（共 ${row.versions} 版）` : `第 ${row.version} 版`,
    scoreText(row.self_total, row.self_vetoed),
    scoreText(row.assessed_total, row.assessed_vetoed),
    differenceText(row),
    row.evidence_files ? `${row.evidence_files} 份${row.evidence_complete ? "" : "（缺）"}` : "无",
    pendingText(row),
    decisionText(row),
  ];
}

/** One line of what receiving did with a file. */
export function receivedLine(f) {
  switch (f.outcome) {
    case "new":
      return `已接收：${f.file} → 第 ${f.application} 号申报「${f.brand}」第 ${f.number} 版`;
    case "duplicate":
      return `重复：${f.file}，${f.reason}`;
    default:
      return `未接收：${f.file}，${f.reason}`;
  }
}

/** The headline of a receive: "新接收 8 份，重复 1 个，未接收 1 个". */
export function receivedHeadline(report) {
  const n = (k) => report.files.filter((f) => f.outcome === k).length;
  const parts = [`新接收 ${n("new")} 份`];
  if (n("duplicate")) parts.push(`重复 ${n("duplicate")} 个`);
  if (n("refused")) parts.push(`未接收 ${n("refused")} 个`);
  return parts.join("，");
}

const VERDICTS = { accepted: "认定", rejected: "不认定", doubtful: "存疑" };

/** 认定 / 不认定 / 存疑 of a verdict key. */
export function verdictText(v) {
  return VERDICTS[v] ?? "";
}

/** An item's points as claimed and as assessed: "自评 20 分 · 核定 0 分". */
export function itemPoints(item) {
  const p = (r) => {
    if (r.state === "vetoed") return "否决";
    if (r.state === "incomplete") return "未填";
    return item.veto && r.points === 0 ? "满足" : `${r.points} 分`;
  };
  return `自评 ${p(item.claimed)} · 核定 ${p(item.assessed)}`;
}

/** A correction's value as typed back into the field ("2.78"). */
export function valueText(v) {
  if (v === true) return "是";
  if (v === false) return "否";
  return v === null || v === undefined ? "" : String(v);
}

/** What a paper check found, as lines. */
export function paperLines(code, matches) {
  if (!matches.length) return [`校验码 ${code} 与已接收的任何版本都不符：纸质件可能是打印后又修改过的，或不是报送的这份材料。请向申报单位核实。`];
  const out = [];
  for (const m of matches) {
    const latest = m.number === m.latest ? "（即最新版本）" : `（最新为第 ${m.latest} 版）`;
    out.push(`${m.what}：第 ${m.application} 号申报「${m.brand}」第 ${m.number} 版${latest}`);
    for (const c of m.changes) out.push(`此后改动：${c.what}：${c.before || "（无）"} → ${c.after || "（无）"}`);
  }
  return out;
}
