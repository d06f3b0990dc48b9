//! Human-readable names for dispatch errors: `Wallets.InsufficientBalance` rather than `Module(3, [1,0,0,0])`.

use metanode_support::{DispatchError, DispatchResult};

use crate::receipts::Outcome;
use crate::{admin, balances, containers, timestamp, validators, wallets};

/// `(pallet, error)` names of a module error, if the pallet and variant are known.
pub fn module_error_name(pallet_index: u8, error: [u8; 4]) -> Option<(&'static str, &'static str)> {
    use metanode_support::PalletError;
    let e = error[0];
    match pallet_index {
        timestamp::PALLET_INDEX => timestamp::Error::from_index(e).map(|x| ("Timestamp", x.name())),
        balances::PALLET_INDEX => balances::Error::from_index(e).map(|x| ("Balances", x.name())),
        wallets::PALLET_INDEX => wallets::Error::from_index(e).map(|x| ("Wallets", x.name())),
        validators::PALLET_INDEX => {
            validators::Error::from_index(e).map(|x| ("Validators", x.name()))
        }
        admin::PALLET_INDEX => admin::Error::from_index(e).map(|x| ("Admin", x.name())),
        containers::PALLET_INDEX => {
            containers::Error::from_index(e).map(|x| ("Containers", x.name()))
        }
        _ => None,
    }
}

/// `Pallet.Error` for module errors, else the error's description.
pub fn describe_dispatch_error(error: &DispatchError) -> String {
    match error {
        DispatchError::Module(m) => match module_error_name(m.index, m.error) {
            Some((pallet, name)) => format!("{pallet}.{name}"),
            None => format!("module error {}.{}", m.index, m.error[0]),
        },
        other => other.to_string(),
    }
}

/// A dispatch result as a receipt's [`Outcome`]: module errors keep their indices and get their name (empty if
/// unknown), other errors their description.
pub fn receipt_outcome(result: &DispatchResult) -> Outcome {
    match result {
        Ok(()) => Outcome::Success,
        Err(DispatchError::Module(m)) => Outcome::Failed {
            pallet_index: m.index,
            error_index: m.error[0],
            name: module_error_name(m.index, m.error)
                .map(|(_, name)| name)
                .or(m.message)
                .unwrap_or_default()
                .as_bytes()
                .to_vec(),
        },
        Err(other) => Outcome::Other(other.to_string().into_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_module_errors() {
        let e: DispatchError = wallets::Error::InsufficientBalance.into();
        assert_eq!(describe_dispatch_error(&e), "Wallets.InsufficientBalance");
        let e: DispatchError = balances::Error::Expendability.into();
        assert_eq!(describe_dispatch_error(&e), "Balances.Expendability");
        let e: DispatchError = validators::Error::AlreadyValidator.into();
        assert_eq!(describe_dispatch_error(&e), "Validators.AlreadyValidator");
        let e: DispatchError = validators::Error::InvalidNetworkKey.into();
        assert_eq!(describe_dispatch_error(&e), "Validators.InvalidNetworkKey");
        assert_eq!(
            describe_dispatch_error(&DispatchError::module(9, 0, "x")),
            "module error 9.0"
        );
        assert!(describe_dispatch_error(&DispatchError::BadOrigin).contains("bad origin"));
    }

    #[test]
    fn receipt_outcomes() {
        assert_eq!(receipt_outcome(&Ok(())), Outcome::Success);
        assert_eq!(
            receipt_outcome(&Err(wallets::Error::InsufficientBalance.into())),
            Outcome::Failed {
                pallet_index: wallets::PALLET_INDEX,
                error_index: wallets::Error::InsufficientBalance as u8,
                name: b"InsufficientBalance".to_vec(),
            }
        );
        assert!(matches!(
            receipt_outcome(&Err(DispatchError::BadOrigin)),
            Outcome::Other(text) if String::from_utf8_lossy(&text).contains("bad origin")
        ));
    }
}
