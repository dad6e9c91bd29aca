// The judged queries against the index bench/anchors/LuceneArabic.java builds: one JVM for
// all of them, every hit of each, best first. Compiled and run by bench/bench_search_quality.py.
//
//   java LuceneQueries INDEXDIR QUERYFILE [OR]   one query a line in; one JSON line a query out:
//                                                {"hits": [path, ...]} (or with "error")
// Words are ANDed unless OR is given (the query parser's own default, ranked retrieval).

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.io.PrintStream;
import java.util.List;

import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;

public class LuceneQueries {
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, "UTF-8");
        List<String> queries = Files.readAllLines(Paths.get(args[1]), StandardCharsets.UTF_8);
        try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(Paths.get(args[0])))) {
            IndexSearcher s = new IndexSearcher(r);
            boolean or = args.length > 2 && args[2].equals("OR");
            for (String line : queries) {
                QueryParser p = new QueryParser("body", new ArabicAnalyzer());
                p.setDefaultOperator(or ? QueryParser.Operator.OR : QueryParser.Operator.AND);
                StringBuilder b = new StringBuilder("{\"hits\": [");
                String error = null;
                try {
                    Query q = p.parse(line);
                    TopDocs top = s.search(q, Math.max(1, r.maxDoc()));
                    for (int i = 0; i < top.scoreDocs.length; i++) {
                        if (i > 0) b.append(", ");
                        b.append(quote(r.document(top.scoreDocs[i].doc).get("path")));
                    }
                } catch (Exception e) {
                    error = e.toString();
                }
                b.append("]");
                if (error != null) b.append(", \"error\": ").append(quote(error));
                out.println(b.append("}"));
            }
        }
    }
}
