//! Transaction mortality, encoded exactly as Substrate's `sp_runtime::generic::Era`.
//!
//! `Immortal` encodes as `0x00`. `Mortal(period, phase)` encodes as a little-endian `u16`:
//! the low 4 bits hold `log2(period) - 1` (clamped to 1..=15) and the high 12 bits hold `phase / q`, where the
//! quantization factor `q = max(period >> 12, 1)`. `period` is a power of two in `4..=65536` and `phase < period`.
//! A transaction of era `Mortal(period, phase)` seen at block `current` was born at the latest block `<= current`
//! congruent to `phase` mod `period`, and dies `period` blocks later.

use parity_scale_codec::{Decode, Encode, Error as CodecError, Input, Output};
use scale_info::{build::Variants, Path, Type, TypeInfo};

/// A transaction's validity window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Era {
    /// Valid forever.
    #[default]
    Immortal,
    /// `Mortal(period, phase)`: valid for `period` blocks from its birth block (see the module doc).
    Mortal(u64, u64),
}

impl Era {
    /// The era that starts at block `current` and lasts about `period` blocks: `period` is rounded up to a power
    /// of two within `4..=65536` and the phase is quantized as the encoding requires.
    pub fn mortal(period: u64, current: u64) -> Era {
        let period = period
            .checked_next_power_of_two()
            .unwrap_or(1 << 16)
            .clamp(4, 1 << 16);
        let phase = current % period;
        let quantize_factor = (period >> 12).max(1);
        let quantized_phase = phase / quantize_factor * quantize_factor;
        Era::Mortal(period, quantized_phase)
    }

    /// The first block of the window that contains `current`; 0 for an immortal era.
    pub fn birth(&self, current: u64) -> u64 {
        match *self {
            Era::Immortal => 0,
            Era::Mortal(period, phase) => {
                if period == 0 {
                    return 0;
                }
                (current.max(phase) - phase) / period * period + phase
            }
        }
    }

    /// The first block at which the transaction is no longer valid; `u64::MAX` for an immortal era.
    pub fn death(&self, current: u64) -> u64 {
        match *self {
            Era::Immortal => u64::MAX,
            Era::Mortal(period, _) => self.birth(current).saturating_add(period),
        }
    }

    /// True for `Immortal`.
    pub fn is_immortal(&self) -> bool {
        matches!(self, Era::Immortal)
    }
}

impl Encode for Era {
    fn size_hint(&self) -> usize {
        match self {
            Era::Immortal => 1,
            Era::Mortal(..) => 2,
        }
    }

    fn encode_to<T: Output + ?Sized>(&self, output: &mut T) {
        match *self {
            Era::Immortal => output.push_byte(0),
            Era::Mortal(period, phase) => {
                let quantize_factor = (period >> 12).max(1);
                let low = u64::from(period.trailing_zeros().saturating_sub(1).clamp(1, 15));
                let encoded = (low | ((phase / quantize_factor) << 4)) as u16;
                encoded.encode_to(output);
            }
        }
    }
}

impl parity_scale_codec::EncodeLike for Era {}

impl Decode for Era {
    fn decode<I: Input>(input: &mut I) -> Result<Self, CodecError> {
        let first = input.read_byte()?;
        if first == 0 {
            return Ok(Era::Immortal);
        }
        let encoded = u64::from(first) + (u64::from(input.read_byte()?) << 8);
        let period = 2u64 << (encoded % (1 << 4));
        let quantize_factor = (period >> 12).max(1);
        let phase = (encoded >> 4) * quantize_factor;
        if period >= 4 && phase < period {
            Ok(Era::Mortal(period, phase))
        } else {
            Err("Invalid period and phase".into())
        }
    }
}

impl TypeInfo for Era {
    type Identity = Self;

    /// Substrate describes `Era` as `Immortal` (index 0) plus `Mortal1(u8)..=Mortal255(u8)` (indices 1..=255):
    /// the first encoded byte is the variant, the second its field.
    fn type_info() -> Type {
        let mut variants = Variants::new().variant("Immortal", |v| v.index(0));
        for index in 1..=255u8 {
            let name: &'static str = MORTAL_NAMES[usize::from(index) - 1];
            variants = variants.variant(name, |v| {
                v.index(index)
                    .fields(scale_info::build::Fields::unnamed().field(|f| f.ty::<u8>()))
            });
        }
        Type::builder()
            .path(Path::new("Era", "sp_runtime::generic::era"))
            .variant(variants)
    }
}

macro_rules! mortal_names {
    ($($n:literal)*) => { [$(concat!("Mortal", $n)),*] };
}

/// `Mortal1` ..= `Mortal255`, the variant names Substrate's metadata uses.
const MORTAL_NAMES: [&str; 255] = mortal_names!(
    1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40
    41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64 65 66 67 68 69 70 71 72 73 74 75 76 77
    78 79 80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 95 96 97 98 99 100 101 102 103 104 105 106 107 108 109 110
    111 112 113 114 115 116 117 118 119 120 121 122 123 124 125 126 127 128 129 130 131 132 133 134 135 136 137 138
    139 140 141 142 143 144 145 146 147 148 149 150 151 152 153 154 155 156 157 158 159 160 161 162 163 164 165 166
    167 168 169 170 171 172 173 174 175 176 177 178 179 180 181 182 183 184 185 186 187 188 189 190 191 192 193 194
    195 196 197 198 199 200 201 202 203 204 205 206 207 208 209 210 211 212 213 214 215 216 217 218 219 220 221 222
    223 224 225 226 227 228 229 230 231 232 233 234 235 236 237 238 239 240 241 242 243 244 245 246 247 248 249 250
    251 252 253 254 255
);
