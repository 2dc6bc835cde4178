//! Clusters: mentions grouped into entities, each cluster's type evidence, type
//! and confidence, joins and merges, and the final entities.

use super::*;

/// The type evidence of a cluster's mentions, kept as they join.
#[derive(Debug, Default, Clone)]
pub(super) struct TypeStats {
    /// Per label of a name mention, in order of first appearance: the
    /// highest and the summed support (a listed country counts 2).
    pub(super) by_label: Vec<(EntityType, f32, f32)>,
    /// Whether a mention is a person by a full name or a confident listing.
    pub(super) strong_person: bool,
}

impl TypeStats {
    pub(super) fn add(&mut self, mm: &Mention) {
        if mm.label == EntityType::Person
            && (mm.source == "gazetteer" && mm.confidence >= 0.8
                || mm.text.split_whitespace().count() >= 2)
        {
            self.strong_person = true;
        }
        if matches!(mm.kind, MentionKind::Nominal | MentionKind::Pronoun) {
            return;
        }
        let conf = if mm.label == EntityType::Country && mm.confidence >= 0.9 {
            2.0
        } else {
            mm.confidence
        };
        match self.by_label.iter_mut().find(|(t, _, _)| *t == mm.label) {
            Some(e) => {
                e.1 = e.1.max(conf);
                e.2 += conf;
            }
            None => self.by_label.push((mm.label, conf, conf)),
        }
    }
}

#[derive(Debug, Default)]
pub(super) struct Cluster {
    /// Mention indices (into the working mention list).
    pub(super) mentions: Vec<usize>,
    pub(super) keys: HashSet<String>,
    /// Extra aliases not backed by a mention ("Qarvan’s Sword Brigade").
    pub(super) extra: Vec<String>,
    /// Folded word lists of multi-word person names, each once.
    pub(super) person_names: Vec<Vec<String>>,
    /// One mention for each distinct surface text, in order of joining.
    pub(super) distinct: Vec<usize>,
    /// The surface texts of `distinct`.
    pub(super) texts: HashSet<String>,
    /// The highest confidence of a mention.
    pub(super) conf: f32,
    /// Type evidence (rebuilt when clusters merge, as mentions may have been
    /// retyped).
    pub(super) stats: TypeStats,
    /// [`Resolver::cluster_type`], cached until the cluster changes.
    pub(super) ty: std::cell::Cell<Option<EntityType>>,
    pub(super) merged_into: Option<usize>,
}

impl<'a> Resolver<'a> {
    pub(super) fn root(&self, mut c: usize) -> usize {
        while let Some(p) = self.clusters[c].merged_into {
            c = p;
        }
        c
    }

    pub(super) fn cluster_of(&self, m: usize) -> Option<usize> {
        self.of[m].map(|c| self.root(c))
    }

    /// The best-supported type of a cluster's mentions.
    pub(super) fn cluster_type(&self, c: usize) -> EntityType {
        if let Some(t) = self.clusters[c].ty.get() {
            return t;
        }
        let t = self.compute_cluster_type(c);
        self.clusters[c].ty.set(Some(t));
        t
    }

    pub(super) fn compute_cluster_type(&self, c: usize) -> EntityType {
        let mut best = self.clusters[c].stats.by_label.clone();
        // People are introduced by full name or title: a cluster whose person
        // evidence is only single words (a tagger's guess) yields to group
        // or organization evidence.
        let weak_person =
            self.clusters[c].person_names.is_empty() && !self.clusters[c].stats.strong_person;
        if weak_person
            && best
                .iter()
                .any(|b| matches!(b.0, EntityType::ArmedGroup | EntityType::Organization))
        {
            best.retain(|b| b.0 != EntityType::Person);
        }
        best.iter()
            .copied()
            .max_by(|a, b| {
                // The highest single support wins; within 0.05, the larger total.
                if (a.1 - b.1).abs() <= 0.05 {
                    a.2.partial_cmp(&b.2).unwrap_or(std::cmp::Ordering::Equal)
                } else {
                    a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal)
                }
            })
            .map(|x| x.0)
            .unwrap_or(EntityType::Organization)
    }

    /// The cluster's type, where an organization that no name cue makes one
    /// (no organization mention typed with confidence 0.7 or more) becomes
    /// an armed group when at least two of its sentences, and a quarter of
    /// them, speak of armed violence ("fighters", "attacked", "militants").
    pub(super) fn final_type(&self, c: usize) -> EntityType {
        let t = self.cluster_type(c);
        if t != EntityType::Organization {
            return t;
        }
        let names: Vec<&Mention> = self.clusters[c]
            .mentions
            .iter()
            .map(|&m| &self.ms[m])
            .filter(|m| !matches!(m.kind, MentionKind::Nominal | MentionKind::Pronoun))
            .collect();
        if names
            .iter()
            .any(|m| m.label == EntityType::Organization && m.confidence >= 0.7)
        {
            return t;
        }
        let mut sentences: Vec<usize> = names.iter().map(|m| m.sentence).collect();
        sentences.sort_unstable();
        sentences.dedup();
        let armed = sentences
            .iter()
            .filter(|&&s| {
                let Some(sent) = self.doc.sentences.get(s) else {
                    return false;
                };
                self.doc.tokens[sent.token_start..sent.token_end.min(self.doc.tokens.len())]
                    .iter()
                    .any(|t| self.g.is_armed_context_cue(&t.text))
            })
            .count();
        if armed >= 2 && armed * 4 >= sentences.len() {
            EntityType::ArmedGroup
        } else {
            t
        }
    }

    pub(super) fn cluster_conf(&self, c: usize) -> f32 {
        self.clusters[c].conf
    }

    pub(super) fn join(&mut self, m: usize, c: usize) {
        let c = self.root(c);
        self.of[m] = Some(c);
        let key = self.key(m);
        let words = self.person_words(m);
        let mm = &self.ms[m];
        let cl = &mut self.clusters[c];
        cl.mentions.push(m);
        cl.stats.add(mm);
        cl.ty.set(None);
        cl.conf = cl.conf.max(mm.confidence);
        if !cl.texts.contains(&mm.text) {
            cl.texts.insert(mm.text.clone());
            cl.distinct.push(m);
            if let Some(w) = self.words.get(m) {
                self.index.add_name(&mm.text, w, c);
            }
        }
        if !cl.keys.contains(&key) {
            self.key_clusters.entry(key.clone()).or_default().push(c);
            self.index.add_key(&key, c);
            cl.keys.insert(key);
        }
        if mm.label == EntityType::Person && words.len() >= 2 && !cl.person_names.contains(&words) {
            self.index.add_person(&words, c);
            cl.person_names.push(words);
        }
    }

    pub(super) fn new_cluster(&mut self, m: usize) -> usize {
        self.clusters.push(Cluster::default());
        let c = self.clusters.len() - 1;
        self.join(m, c);
        c
    }

    pub(super) fn merge(&mut self, from: usize, into: usize) {
        let (from, into) = (self.root(from), self.root(into));
        if from == into {
            return;
        }
        let moved = std::mem::take(&mut self.clusters[from].mentions);
        let keys = std::mem::take(&mut self.clusters[from].keys);
        let extra = std::mem::take(&mut self.clusters[from].extra);
        let names = std::mem::take(&mut self.clusters[from].person_names);
        let distinct = std::mem::take(&mut self.clusters[from].distinct);
        let conf = self.clusters[from].conf;
        for &m in &moved {
            self.of[m] = Some(into);
        }
        let c = &mut self.clusters[into];
        c.mentions.extend(moved);
        for k in keys {
            if !c.keys.contains(&k) {
                self.key_clusters.entry(k.clone()).or_default().push(into);
                c.keys.insert(k);
            }
        }
        c.extra.extend(extra);
        for n in names {
            if !c.person_names.contains(&n) {
                c.person_names.push(n);
            }
        }
        for m in distinct {
            if !c.texts.contains(&self.ms[m].text) {
                c.texts.insert(self.ms[m].text.clone());
                c.distinct.push(m);
            }
        }
        c.conf = c.conf.max(conf);
        let mut stats = TypeStats::default();
        for &m in &c.mentions {
            stats.add(&self.ms[m]);
        }
        c.stats = stats;
        c.ty.set(None);
        self.clusters[from].ty.set(None);
        self.clusters[from].merged_into = Some(into);
    }

    pub(super) fn finish(mut self) -> (Vec<Mention>, Vec<Entity>) {
        // Every mention in a cluster.
        for i in 0..self.ms.len() {
            if self.of[i].is_none() {
                self.new_cluster(i);
            }
        }
        let mut all: Vec<(Mention, usize)> = (0..self.ms.len())
            .map(|i| (self.ms[i].clone(), self.cluster_of(i).unwrap_or(0)))
            .collect();
        let alias_only: HashSet<(usize, usize)> = self
            .alias_only
            .iter()
            .map(|&i| (self.ms[i].start, self.ms[i].end))
            .collect();
        for (m, c) in std::mem::take(&mut self.added) {
            let c = self.root(c);
            all.push((m, c));
        }
        all.sort_by_key(|(m, _)| (m.start, m.end));
        // Entity ids in order of first mention.
        let mut id_of: HashMap<usize, usize> = HashMap::default();
        let mut entities: Vec<Entity> = Vec::new();
        let mut mentions = Vec::with_capacity(all.len());
        for (idx, (mut m, c)) in all.into_iter().enumerate() {
            let id = *id_of.entry(c).or_insert_with(|| {
                entities.push(Entity {
                    etype: self.final_type(c),
                    name: String::new(),
                    aliases: Vec::new(),
                    mentions: Vec::new(),
                });
                entities.len() - 1
            });
            m.entity = Some(id);
            entities[id].mentions.push(idx);
            mentions.push(m);
        }
        for (&c, &id) in &id_of {
            let e = &mut entities[id];
            if fixed_type(e.etype) {
                // A country or identity mention typed by the gazetteer names it.
                for &mi in &e.mentions {
                    if e.etype == EntityType::Country && mentions[mi].label == EntityType::Country {
                        if let Some(country) = self
                            .g
                            .country(&mentions[mi].text)
                            .or_else(|| self.g.demonym(&mentions[mi].text))
                        {
                            e.name = country.name.clone();
                            break;
                        }
                    }
                }
            }
            let mut counts: Vec<(String, usize, usize)> = Vec::new(); // text, count, first
                                                                      // Spelling variants of one form: the most used stands for them all.
            for (rank, &mi) in e.mentions.iter().enumerate() {
                let m = &mentions[mi];
                if m.kind != MentionKind::Name || alias_only.contains(&(m.start, m.end)) {
                    continue;
                }
                match counts.iter_mut().find(|x| x.0 == m.text) {
                    Some(x) => x.1 += 1,
                    None => counts.push((m.text.clone(), 1, rank)),
                }
            }
            counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
            let mut reps: Vec<(String, usize, usize)> = Vec::new();
            for c in counts {
                let k = name_key(&c.0);
                let variant = reps.iter_mut().find(|r| {
                    let rk = name_key(&r.0);
                    rk.chars().count() >= 7 && edit_distance(&rk, &k) <= 2
                });
                match variant {
                    Some(r) => r.1 += c.1,
                    None => reps.push(c),
                }
            }
            let counts = reps;
            if e.name.is_empty() {
                e.name = counts
                    .iter()
                    .max_by(|a, b| {
                        name_key(&a.0)
                            .chars()
                            .count()
                            .cmp(&name_key(&b.0).chars().count())
                            .then(a.1.cmp(&b.1))
                            .then(b.2.cmp(&a.2))
                    })
                    .map(|x| x.0.clone())
                    .or_else(|| {
                        e.mentions
                            .iter()
                            .map(|&mi| &mentions[mi])
                            .find(|m| {
                                !matches!(m.kind, MentionKind::Nominal | MentionKind::Pronoun)
                            })
                            .map(|m| m.text.clone())
                    })
                    .unwrap_or_else(|| mentions[e.mentions[0]].text.clone());
            }
            let mut seen: HashSet<String> = std::iter::once(fold(&e.name)).collect();
            let mut aliases = Vec::new();
            let surface = e
                .mentions
                .iter()
                .map(|&mi| &mentions[mi])
                .filter(|m| !matches!(m.kind, MentionKind::Nominal | MentionKind::Pronoun))
                .map(|m| m.text.clone());
            for a in surface.chain(self.clusters[c].extra.iter().cloned()) {
                let a = a.trim().to_string();
                if !a.is_empty() && seen.insert(fold(&a)) {
                    aliases.push(a);
                }
            }
            e.aliases = aliases;
            // a building's name, a state force's numbered unit: the name's
            // head noun decides (`name_heads`)
            if let Some(t) = crate::name_heads::type_from_head(self.g, &e.name, e.etype) {
                e.etype = t;
                for &mi in &e.mentions {
                    mentions[mi].label = t;
                }
            }
        }
        (mentions, entities)
    }
}
