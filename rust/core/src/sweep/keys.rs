//! Scores as integer sort keys: ascending keys are descending scores.

use crate::sweep::partition::RadixKey;

/// A score type: `f32` or `f64`.
pub trait Score:
    Copy + Default + Send + Sync + bytemuck::Pod + std::fmt::Display + Into<f64>
{
    /// An unsigned integer of the same width.
    type Key: RadixKey + bytemuck::Pod;
    /// Neither NaN nor infinite.
    fn is_finite(self) -> bool;
    /// The sort key: ascending keys are descending scores; -0.0 and +0.0
    /// share one key. Only meaningful for finite scores.
    fn key(self) -> Self::Key;
    /// The bit pattern of the score whose key is `key`.
    fn bits_from_key(key: Self::Key) -> Self::Key;
    /// The score whose key, widened to 64 bits, is `key`.
    fn from_key_u64(key: u64) -> Self;
}

macro_rules! score_impl {
    ($float:ty, $uint:ty) => {
        impl Score for $float {
            type Key = $uint;
            #[inline]
            fn is_finite(self) -> bool {
                <$float>::is_finite(self)
            }
            #[inline]
            fn key(self) -> $uint {
                const SIGN: $uint = 1 << (<$uint>::BITS - 1);
                // Adding +0.0 turns -0.0 into +0.0 and changes nothing else.
                let bits = (self + 0.0).to_bits();
                let ascending = if bits & SIGN != 0 { !bits } else { bits | SIGN };
                !ascending
            }
            #[inline]
            fn from_key_u64(key: u64) -> Self {
                <$float>::from_bits(Self::bits_from_key(key as $uint))
            }
            #[inline]
            fn bits_from_key(key: $uint) -> $uint {
                const SIGN: $uint = 1 << (<$uint>::BITS - 1);
                let ascending = !key;
                if ascending & SIGN != 0 {
                    ascending & !SIGN
                } else {
                    !ascending
                }
            }
        }
    };
}
score_impl!(f64, u64);
score_impl!(f32, u32);
