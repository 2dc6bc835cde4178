//! Overrides: analysts' merges and splits of entities, undone exactly.

use super::*;

impl<D: Db> Engine<D> {
    /// Undoes the active merge that merged `entity` into another entity.
    pub(crate) fn unmerge(&mut self, entity: i64) -> Result<()> {
        let id: Option<i64> = self
            .conn
            .row(
                "SELECT id FROM overrides WHERE kind = 'merge' AND b = ?1 AND undone_at IS NULL ORDER BY id DESC LIMIT 1",
                args![entity],
            )?
            .map(|r| r.get(0))
            .transpose()?;
        match id {
            Some(id) => self.undo_override(id),
            None => Err(KbError::NotFound(format!(
                "no active merge of entity {entity}"
            ))),
        }
    }

    pub(super) fn undo_merge(tx: &D, a: i64, b: i64) -> Result<()> {
        let changed = tx.exec(
            "UPDATE entities SET merged_into = NULL WHERE id = ?1 AND merged_into = ?2",
            args![b, a],
        )?;
        if changed == 0 {
            return Err(KbError::Invalid(format!(
                "entity {b} is no longer merged into {a}"
            )));
        }
        Ok(())
    }
}
