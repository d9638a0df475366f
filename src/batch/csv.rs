//! The county summary as CSV (UTF-8 with a BOM, so that Excel and WPS read the Chinese).

use super::{Batch, COLUMNS};

fn csv_field(s: &str) -> String {
    // A leading = + - @ would be read as a formula by spreadsheet programs.
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

impl Batch {
    /// The summary as CSV (UTF-8 with a byte-order mark, so that Excel and WPS read the
    /// Chinese), one line per draft file, then one line per unreadable file.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("\u{feff}");
        let header: Vec<&str> = COLUMNS.iter().map(|(h, _)| *h).collect();
        out.push_str(&header.join(","));
        out.push_str(",原因\n");
        for r in &self.rows {
            let total = if r.vetoed {
                String::new()
            } else {
                r.total.to_string()
            };
            let fields = [
                r.brand_name.clone(),
                r.type_name.clone(),
                r.unit.clone(),
                r.leader.clone(),
                r.workers
                    .map(|w| w.normalize().to_string())
                    .unwrap_or_default(),
                r.basic_bonus.to_string(),
                r.category_total.to_string(),
                total,
                r.vetoes.join("、"),
                r.unfilled.join("、"),
                r.provincial(),
                r.code.clone(),
                r.file.clone(),
                r.status().to_string(),
                r.evidence.len().to_string(),
                String::new(),
            ];
            let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&line.join(","));
            out.push('\n');
        }
        for f in &self.failures {
            let mut line = vec![String::new(); COLUMNS.len() + 1];
            line[12] = csv_field(&f.file);
            line[13] = "无法读取".into();
            line[COLUMNS.len()] = csv_field(&f.reason);
            out.push_str(&line.join(","));
            out.push('\n');
        }
        out
    }
}
