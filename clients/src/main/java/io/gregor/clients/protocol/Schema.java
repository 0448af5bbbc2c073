package io.gregor.clients.protocol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ordered fields of one struct (a message body or a nested struct). Immutable. Field names are
 * unique; tags are unique; tagged fields are also kept in ascending tag order, the order in which
 * they go on the wire. Building a schema binds each of its fields to its slot ({@link Field#index}),
 * which is what makes access through a field handle an array access.
 */
public final class Schema {
    private final String name;
    private final List<Field<?>> fields;
    private final List<Integer> taggedByTag; // field indexes of tagged fields, ascending tag
    private final Map<String, Integer> indexByName;
    private final Map<Integer, Integer> indexByTag;
    // plans by version, computed on first use; racy publication is safe (Plan is immutable)
    private final VersionPlan[] plans = new VersionPlan[64];

    /**
     * Which fields go where in one version: {@code regular} in declaration order, {@code tagged}
     * in ascending tag order, {@code others} (absent or tagged) needing a default when reading;
     * {@code fixedSize} is the total size of the regular fields whose size never varies
     * (fixed-size primitives), and {@code variable} lists the other regular fields. For the
     * decoder's bounds: {@code minWireRigid} / {@code minWireFlexible}, the fewest bytes a struct of
     * this version takes in the classic / flexible encoding ({@link WireMinimum}),
     * {@code elementMinWire}, per field index, the fewest bytes one element of an array field takes
     * (classic at {@code 2 * index}, flexible at {@code 2 * index + 1}; 0 for other fields), and
     * {@code heapEstimate}, what a decoded one holds in heap besides its strings' characters and
     * its arrays' elements ({@link StructDecoder}).
     */
    record VersionPlan(int[] regular, int[] tagged, int[] others, int fixedSize, int[] variable,
                       int minWireRigid, int minWireFlexible, int[] elementMinWire, int heapEstimate) {
        int minWire(boolean flexible) {
            return flexible ? minWireFlexible : minWireRigid;
        }

        int elementMinWire(int fieldIndex, boolean flexible) {
            return elementMinWire[2 * fieldIndex + (flexible ? 1 : 0)];
        }
    }

    /**
     * @throws IllegalArgumentException for a duplicate name or tag, or a field already declared in
     *                                  another schema
     */
    public Schema(String name, List<Field<?>> fields) {
        this.name = name;
        this.fields = List.copyOf(fields);
        this.indexByName = new HashMap<>();
        Set<Integer> tags = new HashSet<>();
        List<Integer> tagged = new ArrayList<>();
        for (int i = 0; i < this.fields.size(); i++) {
            Field<?> f = this.fields.get(i);
            if (indexByName.put(f.name(), i) != null) {
                throw new IllegalArgumentException("struct " + name + ": duplicate field " + f.name());
            }
            if (f.isTagged()) {
                if (!tags.add(f.tag())) {
                    throw new IllegalArgumentException("struct " + name + ": duplicate tag " + f.tag());
                }
                tagged.add(i);
            }
        }
        tagged.sort(Comparator.comparingInt(i -> this.fields.get(i).tag()));
        this.taggedByTag = List.copyOf(tagged);
        this.indexByTag = new HashMap<>();
        for (int i : tagged) {
            indexByTag.put(this.fields.get(i).tag(), i);
        }
        for (int i = 0; i < this.fields.size(); i++) {
            this.fields.get(i).bind(this, i);
        }
    }

    public String name() {
        return name;
    }

    public List<Field<?>> fields() {
        return fields;
    }

    public int size() {
        return fields.size();
    }

    public Field<?> field(int index) {
        return fields.get(index);
    }

    /** The index of the field called {@code fieldName}, or -1 (for the codec; code outside it uses field handles). */
    int indexOf(String fieldName) {
        Integer i = indexByName.get(fieldName);
        return i == null ? -1 : i;
    }

    /**
     * The field called {@code fieldName}; throws IllegalArgumentException if there is none (for the
     * codec; code outside it uses field handles).
     */
    Field<?> field(String fieldName) {
        int i = indexOf(fieldName);
        if (i < 0) {
            throw new IllegalArgumentException("struct " + name + " has no field " + fieldName + "; fields: " + fieldNames());
        }
        return fields.get(i);
    }

    /** The index of the field with tag {@code tag}, or -1. */
    int indexOfTag(int tag) {
        Integer i = indexByTag.get(tag);
        return i == null ? -1 : i;
    }

    /** The field layout of {@code version}. */
    VersionPlan plan(short version) {
        if (version >= 0 && version < plans.length) {
            VersionPlan p = plans[version];
            if (p == null) {
                p = computePlan(version);
                plans[version] = p;
            }
            return p;
        }
        return computePlan(version);
    }

    private VersionPlan computePlan(short version) {
        List<Integer> regular = new ArrayList<>();
        List<Integer> others = new ArrayList<>();
        List<Integer> variable = new ArrayList<>();
        int fixedSize = 0;
        for (int i = 0; i < fields.size(); i++) {
            Field<?> f = fields.get(i);
            if (f.existsIn(version) && !f.taggedIn(version)) {
                regular.add(i);
                int size = f.type() instanceof FieldType.Primitive p ? p.fixedSize() : -1;
                if (size > 0) {
                    fixedSize += size;
                } else {
                    variable.add(i);
                }
            } else {
                others.add(i);
            }
        }
        List<Integer> tagged = new ArrayList<>();
        for (int i : taggedByTag) {
            if (fields.get(i).existsIn(version) && fields.get(i).taggedIn(version)) {
                tagged.add(i);
            }
        }
        int minRigid = 0;
        int minFlexible = 1; // the tagged field count
        for (int i : regular) {
            minRigid += WireMinimum.ofField(fields.get(i), version, false);
            minFlexible += WireMinimum.ofField(fields.get(i), version, true);
        }
        int[] elementMin = new int[2 * fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            Field<?> f = fields.get(i);
            if (f.existsIn(version) && f.type() instanceof FieldType.ArrayOf a) {
                elementMin[2 * i] = WireMinimum.ofElement(f, a.element(), version, false);
                elementMin[2 * i + 1] = WireMinimum.ofElement(f, a.element(), version, true);
            }
        }
        int heap = StructDecoder.heapEstimate(this, version, regular, others);
        return new VersionPlan(toArray(regular), toArray(tagged), toArray(others), fixedSize, toArray(variable),
                minRigid, minFlexible, elementMin, heap);
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Indexes of the tagged fields in ascending tag order. */
    List<Integer> taggedFieldIndexes() {
        return taggedByTag;
    }

    private List<String> fieldNames() {
        return fields.stream().map(Field::name).toList();
    }

    @Override
    public String toString() {
        return name + fields;
    }
}
