// Lucene's ArabicAnalyzer as a benchmark anchor (the chain behind the
// `arabic` analyzer of Elasticsearch and OpenSearch). Compiled and run by
// bench/anchors.py against Debian's liblucene8-java; never shipped.
//
//   java LuceneArabic index LISTFILE INDEXDIR   one document per listed file
//   java LuceneArabic search INDEXDIR QUERY     hits of a query (default AND)

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;

import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;

public class LuceneArabic {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        if (args[0].equals("index")) {
            List<String> files = Files.readAllLines(Paths.get(args[1]), StandardCharsets.UTF_8);
            IndexWriterConfig config = new IndexWriterConfig(new ArabicAnalyzer());
            config.setRAMBufferSizeMB(256);
            try (IndexWriter w = new IndexWriter(FSDirectory.open(Paths.get(args[2])), config)) {
                for (String f : files) {
                    String text = new String(Files.readAllBytes(Paths.get(f)), StandardCharsets.UTF_8);
                    Document d = new Document();
                    d.add(new StringField("path", f, Field.Store.YES));
                    d.add(new TextField("body", text, Field.Store.NO));
                    w.addDocument(d);
                }
                w.commit();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.println("{\"docs\": " + files.size() + ", \"seconds\": " + s + "}");
        } else {
            try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(Paths.get(args[1])))) {
                IndexSearcher s = new IndexSearcher(r);
                QueryParser p = new QueryParser("body", new ArabicAnalyzer());
                p.setDefaultOperator(QueryParser.Operator.AND);
                Query q = p.parse(args[2]);
                TopDocs top = s.search(q, 10);
                for (int i = 0; i < top.scoreDocs.length; i++) {
                    r.document(top.scoreDocs[i].doc).get("path");
                }
                System.out.println(top.totalHits.value);
            }
        }
    }
}
