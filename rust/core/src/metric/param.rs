//! The rows of the table that take a parameter: the F-scores (`f<b>`) and the
//! cost (`cost(c_fp=A, c_fn=B)`).

use crate::error::{Error, Result};

/// The parameter of a row: how its instances are parsed, named and labelled.
pub trait Param: Sized {
    /// The names this row contributes to the list shown in messages.
    const KNOWN: &'static [&'static str];
    /// The instances `best_all` reports.
    const STANDARD: &'static [&'static str];
    /// `None` if `s` (lowercased, trimmed) is not of this row; otherwise the
    /// parsed instance or why it is invalid (naming `raw`, as the user typed it).
    fn parse(s: &str, raw: &str) -> Option<Result<Self>>;
    /// The canonical name.
    fn name(&self) -> String;
    /// The display label.
    fn label(&self) -> String;
}

/// The F-score's beta with the weights its formula uses, computed once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FScore {
    /// The weight of recall relative to precision.
    pub beta: f64,
    /// `b^2 / (1 + b^2)` and `1 / (1 + b^2)`: the F-score is
    /// `tp / (tp + w_fn fn + w_fp fp)`, which no beta can overflow.
    pub(crate) w_fn: f64,
    pub(crate) w_fp: f64,
}

impl FScore {
    /// The F-score with weight `beta` on recall.
    pub fn new(beta: f64) -> Self {
        FScore {
            beta,
            w_fn: 1.0 / (1.0 + 1.0 / (beta * beta)),
            w_fp: 1.0 / (1.0 + beta * beta),
        }
    }
}

impl Param for FScore {
    const KNOWN: &'static [&'static str] = &["f1", "f<b> (e.g. f2, f0.5)"];
    const STANDARD: &'static [&'static str] = &["f1", "f2", "f0.5"];

    fn parse(s: &str, raw: &str) -> Option<Result<Self>> {
        let b = s.strip_prefix('f')?;
        if b.is_empty() || !b.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return None;
        }
        let b: f64 = b.parse().ok()?;
        Some(if b.is_finite() && b > 0.0 {
            Ok(FScore::new(b))
        } else {
            Err(Error::invalid(
                "metric",
                format!("{raw:?}"),
                "the beta of an F-score must be finite and > 0, as in f1, f2, f0.5",
            ))
        })
    }

    fn name(&self) -> String {
        format!("f{}", self.beta)
    }

    fn label(&self) -> String {
        format!("F{}", self.beta)
    }
}

/// The costs of a false positive and of a false negative.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cost {
    /// The cost of one false positive.
    pub c_fp: f64,
    /// The cost of one false negative.
    pub c_fn: f64,
}

impl Param for Cost {
    const KNOWN: &'static [&'static str] = &["cost(c_fp=1, c_fn=1)"];
    const STANDARD: &'static [&'static str] = &["cost"];

    fn parse(s: &str, raw: &str) -> Option<Result<Self>> {
        if s == "cost" {
            return Some(Ok(Cost {
                c_fp: 1.0,
                c_fn: 1.0,
            }));
        }
        let args = s.strip_prefix("cost(")?.strip_suffix(')')?;
        Some(parse_cost(args, raw))
    }

    fn name(&self) -> String {
        if self.c_fp == 1.0 && self.c_fn == 1.0 {
            "cost".into()
        } else {
            format!("cost(c_fp={}, c_fn={})", short(self.c_fp), short(self.c_fn))
        }
    }

    fn label(&self) -> String {
        match self.name().strip_prefix("cost") {
            Some("") | None => "Cost".into(),
            Some(args) => format!("Cost {args}"),
        }
    }
}

/// A cost in a name: `10`, `0.5`, `1e+308` (never three hundred digits).
fn short(x: f64) -> String {
    if x == 0.0 || (1e-4..1e16).contains(&x.abs()) {
        format!("{x}")
    } else {
        crate::num::show(x)
    }
}

fn parse_cost(args: &str, name: &str) -> Result<Cost> {
    let bad = |why: &str| {
        Error::invalid(
            "metric",
            format!("{name:?}"),
            format!("{why}; write cost, or cost(c_fp=A, c_fn=B) with finite A, B >= 0"),
        )
    };
    let (mut c_fp, mut c_fn) = (1.0, 1.0);
    let mut seen = (false, false);
    for part in args.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (key, value) = part
            .split_once('=')
            .ok_or_else(|| bad("expected key=value"))?;
        let value: f64 = value
            .trim()
            .parse()
            .map_err(|_| bad("a cost weight is not a number"))?;
        if !(value.is_finite() && value >= 0.0) {
            return Err(bad("a cost must be finite and >= 0"));
        }
        match key.trim() {
            "c_fp" if !seen.0 => (c_fp, seen.0) = (value, true),
            "c_fn" if !seen.1 => (c_fn, seen.1) = (value, true),
            "c_fp" | "c_fn" => return Err(bad("a weight is given twice")),
            _ => return Err(bad("the only keys are c_fp and c_fn")),
        }
    }
    Ok(Cost { c_fp, c_fn })
}
