//! Era vectors from Substrate's `sp_runtime::generic::era` unit tests.

use metanode_primitives::codec::{Decode, DecodeAll, Encode};
use metanode_primitives::Era;

#[test]
fn immortal() {
    let e = Era::Immortal;
    assert_eq!((e.birth(0), e.death(0)), (0, u64::MAX));
    assert_eq!((e.birth(u64::MAX), e.death(u64::MAX)), (0, u64::MAX));
    assert_eq!(e.encode(), vec![0u8]);
    assert_eq!(Era::decode(&mut &[0u8][..]), Ok(e));
}

#[test]
fn mortal_codec() {
    let e = Era::mortal(64, 42);
    assert_eq!(e, Era::Mortal(64, 42));
    let expected = vec![5 + 42 % 16 * 16, 42 / 16];
    assert_eq!(expected, vec![0xa5, 0x02]);
    assert_eq!(e.encode(), expected);
    assert_eq!(Era::decode_all(&mut &expected[..]), Ok(e));
}

#[test]
fn long_period_mortal_codec() {
    let e = Era::mortal(32768, 20000);
    assert_eq!(e, Era::Mortal(32768, 20000));
    let expected = vec![(14 + 2500 % 16 * 16) as u8, (2500 / 16) as u8];
    assert_eq!(e.encode(), expected);
    assert_eq!(Era::decode_all(&mut &expected[..]), Ok(e));
}

#[test]
fn initialization() {
    assert_eq!(Era::mortal(200, 513), Era::Mortal(256, 1));
    assert_eq!(Era::mortal(2, 1), Era::Mortal(4, 1));
    assert_eq!(Era::mortal(4, 5), Era::Mortal(4, 1));
    assert_eq!(
        Era::mortal(1_000_000, 1_000_001),
        Era::Mortal(65536, 1_000_001 % 65536 / 4 * 4)
    );
}

#[test]
fn birth_and_death() {
    let e = Era::mortal(4, 6);
    for i in 6..10 {
        assert_eq!(e.birth(i), 6);
        assert_eq!(e.death(i), 10);
    }
    assert_ne!(e.birth(10), 6);
    assert_ne!(e.birth(5), 6);
    // Must not panic when current < phase.
    let _ = Era::mortal(4, 3).birth(1);
}

#[test]
fn every_two_byte_value_decodes_or_is_refused_and_round_trips() {
    for value in 1u16..=u16::MAX {
        let bytes = value.to_le_bytes();
        if bytes[0] == 0 {
            continue;
        }
        if let Ok(era) = Era::decode_all(&mut &bytes[..]) {
            // Re-encoding a decoded era gives a canonical form that decodes to the same era.
            assert_eq!(Era::decode_all(&mut era.encode().as_slice()), Ok(era));
        }
    }
    assert!(Era::decode(&mut &[0x05u8][..]).is_err());
}
