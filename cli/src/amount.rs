//! Token amounts typed by people: whole tokens with up to `decimals` fraction digits.
//!
//! Contract: [`parse_amount`] accepts `^[0-9]+(\.[0-9]+)?$` only (no sign, exponent, separators
//! or spaces), at most `decimals` fraction digits, a result that fits `u128`, and not zero; it
//! returns base units (`amount * 10^decimals`). [`format_amount`] is its inverse for display:
//! trailing fraction zeros are dropped (`1.5`, `2`, `0.000000000001`).

/// Why an amount was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// Nothing was given.
    #[error("the amount is empty")]
    Empty,
    /// A minus sign: amounts are never negative.
    #[error("the amount {text:?} is negative; amounts must be positive")]
    Negative {
        /// The text given.
        text: String,
    },
    /// Not digits with an optional single `.` between digits.
    #[error("the amount {text:?} is not a decimal number (expected digits, optionally with one '.' and more digits, e.g. 1.25)")]
    Malformed {
        /// The text given.
        text: String,
    },
    /// More fraction digits than the token has decimals.
    #[error("the amount {text:?} has {given} decimal places but the token has only {max}")]
    TooManyDecimals {
        /// The text given.
        text: String,
        /// Fraction digits given.
        given: usize,
        /// The token's decimals.
        max: u8,
    },
    /// The amount is zero.
    #[error("the amount must be greater than zero")]
    Zero,
    /// Larger than the chain can represent.
    #[error("the amount {text:?} is too large")]
    Overflow {
        /// The text given.
        text: String,
    },
}

/// Parses `text` (whole tokens) into base units for a token with `decimals` decimals.
pub fn parse_amount(text: &str, decimals: u8) -> Result<u128, AmountError> {
    if text.is_empty() {
        return Err(AmountError::Empty);
    }
    if text.starts_with('-') {
        return Err(AmountError::Negative {
            text: text.to_string(),
        });
    }
    let malformed = || AmountError::Malformed {
        text: text.to_string(),
    };
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (text, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || !all_digits(whole)
        || !all_digits(fraction)
        || (text.contains('.') && fraction.is_empty())
    {
        return Err(malformed());
    }
    if fraction.len() > usize::from(decimals) {
        return Err(AmountError::TooManyDecimals {
            text: text.to_string(),
            given: fraction.len(),
            max: decimals,
        });
    }
    let overflow = || AmountError::Overflow {
        text: text.to_string(),
    };
    let scale = 10u128
        .checked_pow(u32::from(decimals))
        .ok_or_else(overflow)?;
    let whole: u128 = whole.parse().map_err(|_| overflow())?;
    let mut fraction_units: u128 = 0;
    if !fraction.is_empty() {
        let padding = u32::from(decimals) - fraction.len() as u32;
        fraction_units = fraction
            .parse::<u128>()
            .map_err(|_| overflow())?
            .checked_mul(10u128.pow(padding))
            .ok_or_else(overflow)?;
    }
    let units = whole
        .checked_mul(scale)
        .and_then(|w| w.checked_add(fraction_units))
        .ok_or_else(overflow)?;
    if units == 0 {
        return Err(AmountError::Zero);
    }
    Ok(units)
}

/// Checks the form of `text` (digits, at most one fraction, not zero) before the token's decimals
/// are known. Overflow and too many decimals are left to [`parse_amount`] with the real decimals.
pub fn check_amount_form(text: &str) -> Result<(), AmountError> {
    let fraction_digits = text
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.len());
    match parse_amount(text, u8::try_from(fraction_digits).unwrap_or(u8::MAX)) {
        Ok(_) | Err(AmountError::Overflow { .. } | AmountError::TooManyDecimals { .. }) => Ok(()),
        Err(other) => Err(other),
    }
}

/// Formats base units as whole tokens, dropping trailing fraction zeros.
pub fn format_amount(units: u128, decimals: u8) -> String {
    let Some(scale) = 10u128.checked_pow(u32::from(decimals)) else {
        return units.to_string();
    };
    let whole = units / scale;
    let fraction = units % scale;
    if fraction == 0 {
        return whole.to_string();
    }
    let digits = format!("{fraction:0width$}", width = usize::from(decimals));
    format!("{whole}.{}", digits.trim_end_matches('0'))
}
