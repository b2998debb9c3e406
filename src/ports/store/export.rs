//! The records `/export` reads, one at a time (the port is [`super::ExportStore`]).

use chrono::{DateTime, Utc};

use super::conversions::DustConversionRecord;
use super::operations::OperationRecord;

/// One exported record: a dust conversion, or a finished swap or sale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportItem {
    /// A recorded dust conversion (ours or from the exchange's log).
    Conversion(DustConversionRecord),
    /// A swap or sell operation that succeeded, with its result, and when it finished.
    Operation(OperationRecord, DateTime<Utc>),
}
