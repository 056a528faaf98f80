//! Allocations whose size a user decides: fallible (an error, never an
//! abort), and advised to be backed by huge pages.

use crate::error::{Error, Result};

/// Asks for transparent huge pages behind `v` (Linux; a no-op elsewhere).
///
/// Buffers of the sweep and of the grids are tens of megabytes that are
/// written once right after allocation; with 4 KiB pages the page faults of
/// that first touch cost as much as the sort itself (NumPy asks for huge pages
/// for the same reason). The advice is best effort: failures are ignored.
pub fn advise_huge_pages<T>(v: &[T]) {
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        let bytes = std::mem::size_of_val(v);
        if bytes < 2 * HUGE {
            return;
        }
        let start = v.as_ptr() as usize;
        let aligned = start.next_multiple_of(HUGE);
        let end = (start + bytes) & !(HUGE - 1);
        if end > aligned {
            // SAFETY: madvise only advises; the range lies inside the live
            // allocation of `v`, and MADV_HUGEPAGE neither frees nor changes
            // its contents.
            unsafe {
                libc::madvise(
                    aligned as *mut libc::c_void,
                    end - aligned,
                    libc::MADV_HUGEPAGE,
                );
            }
        }
    }
}

/// A zeroed vector of `len` elements, or an error if it cannot be allocated.
///
/// The memory comes from the allocator's zeroed path (fresh pages, not
/// written by a memset) and is advised to be backed by huge pages: first
/// touching tens of megabytes of fresh 4 KiB pages costs more than sorting
/// them on these machines. The pages are then touched first by the parallel
/// writes that fill the vector. A refusal of the allocator is
/// [`Error::OutOfMemory`], not an abort.
pub fn try_zeroed<T: bytemuck::Zeroable>(what: &str, len: usize) -> Result<Vec<T>> {
    let layout = std::alloc::Layout::array::<T>(len).map_err(|_| Error::TooLarge {
        what: what.to_string(),
        elements: len as u128,
    })?;
    if layout.size() == 0 {
        return Ok(Vec::new());
    }
    // SAFETY: the layout has a non-zero size; a null pointer is handled; an
    // all-zero bit pattern is a valid `T` (`Zeroable`), so the `len`
    // elements are initialised, and the allocation has the layout of
    // `Vec<T>` with capacity `len`, as `from_raw_parts` requires.
    let v = unsafe {
        let ptr = std::alloc::alloc_zeroed(layout) as *mut T;
        if ptr.is_null() {
            return Err(Error::OutOfMemory {
                what: what.to_string(),
                bytes: layout.size(),
            });
        }
        Vec::from_raw_parts(ptr, len, len)
    };
    advise_huge_pages(&v);
    Ok(v)
}

/// An empty vector with room for `len` elements, or [`Error::OutOfMemory`].
pub fn try_with_capacity<T>(what: &str, len: usize) -> Result<Vec<T>> {
    let mut v = Vec::new();
    v.try_reserve_exact(len).map_err(|_| Error::OutOfMemory {
        what: what.to_string(),
        bytes: len.saturating_mul(std::mem::size_of::<T>()),
    })?;
    Ok(v)
}

/// A copy of `v`, or [`Error::OutOfMemory`].
pub fn try_copy<T: Clone>(what: &str, v: &[T]) -> Result<Vec<T>> {
    let mut out = try_with_capacity(what, v.len())?;
    out.extend_from_slice(v);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_errors_not_aborts() {
        assert!(matches!(
            try_zeroed::<u64>("x", usize::MAX / 4),
            Err(Error::TooLarge { .. })
        ));
        // Within the address space but beyond any machine.
        assert!(matches!(
            try_zeroed::<u8>("x", isize::MAX as usize - 4096),
            Err(Error::OutOfMemory { .. })
        ));
        assert!(try_with_capacity::<u64>("x", usize::MAX / 16).is_err());
        let v = try_zeroed::<u32>("x", 5).unwrap();
        assert_eq!(v, vec![0; 5]);
    }
}
