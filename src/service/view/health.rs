//! The operator's `/health` screen: the same report as `/healthz`, with the reasons.

use crate::reply::{Message, Text};
use crate::service::format::span;
use crate::service::model::{HealthReport, Probe};

fn part(name: &'static str, probe: &Probe) -> Text {
    match probe {
        Probe::Ok => Text::new("health-part-ok").text("part", Text::new(name)),
        Probe::Failing(why) => Text::new("health-part-failing")
            .text("part", Text::new(name))
            .arg("reason", why.chars().take(300).collect::<String>()),
    }
}

/// The screen.
pub(crate) fn health(report: &HealthReport) -> Message {
    let mut blocks = vec![
        Text::new(if report.is_ready() {
            "health-title-ok"
        } else {
            "health-title-failing"
        }),
        part("health-database", &report.database),
        part("health-exchange", &report.exchange),
    ];
    for (frontend, connected) in &report.frontends {
        blocks.push(
            Text::new(if *connected {
                "health-frontend-connected"
            } else {
                "health-frontend-disconnected"
            })
            .arg("frontend", *frontend),
        );
    }
    blocks.push(match report.oldest_unsettled {
        Some(age) => Text::new("health-oldest-unsettled").text("age", span(age)),
        None => Text::new("health-nothing-unsettled"),
    });
    for open in &report.open_operations {
        blocks.push(
            Text::new("health-open-operations")
                .arg("state", open.status.as_str())
                .int("count", open.count as i64),
        );
    }
    Message {
        blocks,
        buttons: Vec::new(),
    }
}
