//! A slab of reusable slots: per-key state of the sequence and sample
//! engines lives in one, addressed by index, so a key's state is allocated
//! once and its slot reused after the key goes idle.

/// Values stored at stable indices, with freed indices reused.
#[derive(Debug)]
pub(crate) struct Slots<T> {
    slots: Vec<Option<T>>,
    free: Vec<usize>,
}

impl<T> Slots<T> {
    /// No slots.
    pub(crate) fn new() -> Slots<T> {
        Slots { slots: Vec::new(), free: Vec::new() }
    }

    /// Stores `value` in a free slot, or a new one, and returns its index.
    pub(crate) fn insert(&mut self, value: T) -> usize {
        match self.free.pop() {
            Some(slot) => {
                self.slots[slot] = Some(value);
                slot
            }
            None => {
                self.slots.push(Some(value));
                self.slots.len() - 1
            }
        }
    }

    /// Takes the value out of `slot` and frees the slot.
    pub(crate) fn remove(&mut self, slot: usize) -> Option<T> {
        let value = self.slots.get_mut(slot)?.take();
        if value.is_some() {
            self.free.push(slot);
        }
        value
    }

    /// The value in `slot`, if it holds one.
    pub(crate) fn get(&self, slot: usize) -> Option<&T> {
        self.slots.get(slot)?.as_ref()
    }

    /// The value in `slot`, if it holds one.
    pub(crate) fn get_mut(&mut self, slot: usize) -> Option<&mut T> {
        self.slots.get_mut(slot)?.as_mut()
    }

    /// Every occupied slot with its value, in index order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (usize, &T)> {
        self.slots.iter().enumerate().filter_map(|(slot, value)| Some((slot, value.as_ref()?)))
    }

    /// Frees every slot.
    pub(crate) fn clear(&mut self) {
        self.slots.clear();
        self.free.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freed_slots_are_reused() {
        let mut slots = Slots::new();
        let a = slots.insert("a");
        let b = slots.insert("b");

        assert_eq!(slots.remove(a), Some("a"));
        assert_eq!(slots.remove(a), None);
        let c = slots.insert("c");

        assert_eq!(c, a);
        assert_eq!(slots.iter().collect::<Vec<_>>(), [(a, &"c"), (b, &"b")]);
        assert_eq!(slots.get(b), Some(&"b"));
    }
}
