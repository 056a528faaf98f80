//! Advice to the kernel about large buffers.

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
