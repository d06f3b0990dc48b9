//! Golden cases for amounts typed in whole tokens.

use metanode_cli::amount::{format_amount, parse_amount, AmountError};

#[test]
fn accepts_whole_and_fractional_amounts() {
    let cases: &[(&str, u8, u128)] = &[
        ("1", 12, 1_000_000_000_000),
        ("1.5", 12, 1_500_000_000_000),
        ("0.000000000001", 12, 1),
        ("10.25", 2, 1025),
        ("007", 0, 7),
        ("0.1", 1, 1),
        ("340282366920938463463.374607431768211455", 18, u128::MAX),
    ];
    for (text, decimals, expected) in cases {
        assert_eq!(
            parse_amount(text, *decimals),
            Ok(*expected),
            "{text} @ {decimals}"
        );
    }
}

#[test]
fn rejects_bad_amounts_with_reasons() {
    assert_eq!(parse_amount("", 12), Err(AmountError::Empty));
    assert_eq!(parse_amount("0", 12), Err(AmountError::Zero));
    assert_eq!(parse_amount("0.000", 12), Err(AmountError::Zero));
    assert!(matches!(
        parse_amount("-5", 12),
        Err(AmountError::Negative { .. })
    ));
    assert!(matches!(
        parse_amount("-0.1", 12),
        Err(AmountError::Negative { .. })
    ));
    assert_eq!(
        parse_amount("1.0000000000001", 12),
        Err(AmountError::TooManyDecimals {
            text: "1.0000000000001".into(),
            given: 13,
            max: 12
        })
    );
    assert!(matches!(
        parse_amount("1.5", 0),
        Err(AmountError::TooManyDecimals { .. })
    ));
    for bad in [
        "1e3", "1,000", "1_000", " 1", "1 ", "+1", ".5", "5.", "1.2.3", "abc", "0x10", "１",
    ] {
        assert!(
            matches!(parse_amount(bad, 12), Err(AmountError::Malformed { .. })),
            "{bad:?} should be malformed"
        );
    }
    assert!(matches!(
        parse_amount("340282366920938463463.374607431768211456", 18),
        Err(AmountError::Overflow { .. })
    ));
    assert!(matches!(
        parse_amount("99999999999999999999999999999999999999999", 0),
        Err(AmountError::Overflow { .. })
    ));
    let message = parse_amount("1.0000000000001", 12).unwrap_err().to_string();
    assert_eq!(
        message,
        "the amount \"1.0000000000001\" has 13 decimal places but the token has only 12"
    );
}

#[test]
fn formats_amounts() {
    assert_eq!(format_amount(1_500_000_000_000, 12), "1.5");
    assert_eq!(format_amount(2_000_000_000_000, 12), "2");
    assert_eq!(format_amount(1, 12), "0.000000000001");
    assert_eq!(format_amount(0, 12), "0");
    assert_eq!(format_amount(1025, 2), "10.25");
    assert_eq!(format_amount(7, 0), "7");
    for units in [1u128, 999, 1_000_000_000_001, u128::MAX] {
        assert_eq!(parse_amount(&format_amount(units, 12), 12), Ok(units));
    }
}

#[test]
fn the_form_check_accepts_any_well_formed_amount_before_decimals_are_known() {
    use metanode_cli::amount::check_amount_form;
    for ok in [
        "12.5",
        "1",
        "0.000000000001",
        "340282366920938463463374607431768211456",
    ] {
        assert_eq!(check_amount_form(ok), Ok(()), "{ok}");
    }
    assert_eq!(check_amount_form(""), Err(AmountError::Empty));
    assert_eq!(check_amount_form("0.00"), Err(AmountError::Zero));
    assert!(matches!(
        check_amount_form("-1"),
        Err(AmountError::Negative { .. })
    ));
    assert!(matches!(
        check_amount_form("1e5"),
        Err(AmountError::Malformed { .. })
    ));
    assert!(matches!(
        check_amount_form("1."),
        Err(AmountError::Malformed { .. })
    ));
}
